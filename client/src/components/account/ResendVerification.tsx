import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../../__generated__';
import { FormMessage } from '../FormMessage';
import { useAction } from '../useAction';

const SendVerificationEmailMutation = graphql(`
  mutation SendVerificationEmail {
    sendVerificationEmail
  }
`);

/** While the address is unverified: the link we mailed at sign-up, once more. */
export function ResendVerification({
  prompt = 'Confirm your email address with the link we sent you. Nothing arrived?',
}) {
  const [sendVerificationEmail] = useMutation(SendVerificationEmailMutation);
  const [sent, setSent] = useState(false);
  const resend = useAction('other', async () => {
    setSent(false);
    await sendVerificationEmail();
    setSent(true);
  });

  return (
    <div className="verification">
      <div className="card-row">
        <p className="muted">{prompt}</p>
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => resend.run()}
          disabled={resend.pending}
          aria-busy={resend.pending}
        >
          {resend.pending ? 'Sending…' : 'Resend verification email'}
        </button>
      </div>
      <FormMessage tone="error" message={resend.error} />
      <FormMessage tone="info" message={sent ? 'Sent. Check your inbox for the new link.' : null} />
    </div>
  );
}
