'use client';

import { useState } from 'react';
import { MFA_EXPIRED_MESSAGE } from '../../auth/errorCodes';
import { MfaCodeForm } from './MfaCodeForm';
import { PasswordForm } from './PasswordForm';

/**
 * Sign-in: the password, then for an account with two-factor authentication (login answers
 * MFA_REQUIRED and the API keeps the pending sign-in in an HttpOnly cookie) a code step.
 */
export function LoginForm({ next }: { next: string }) {
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [notice, setNotice] = useState<string | null>(null);
  // Kept for the way back from the code step, so only the password is typed again.
  const [email, setEmail] = useState('');

  if (step === 'code') {
    return (
      <MfaCodeForm
        next={next}
        onExpired={() => {
          setNotice(MFA_EXPIRED_MESSAGE);
          setStep('password');
        }}
        onBack={() => {
          setNotice(null);
          setStep('password');
        }}
      />
    );
  }
  return (
    <PasswordForm
      next={next}
      notice={notice}
      email={email}
      onMfaRequired={(address) => {
        setEmail(address);
        setNotice(null);
        setStep('code');
      }}
    />
  );
}
