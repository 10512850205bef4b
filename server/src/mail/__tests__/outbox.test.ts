// How mail leaves the API: through a real SMTP listener, off the request path,
// retried and then given up with a log line, waited for by a graceful stop; and,
// in development without SMTP_URL, logged with its link instead of sent.
import { REQUEST_PASSWORD_RESET } from '../../testing/operations';
import { startTestServer, uniqueEmail, withTestServer } from '../../testing/testServer';

const verificationMail = (email: string) => (mail: { to: string[]; subject: string }) =>
  mail.to.includes(email) && mail.subject === 'Confirm your email address';

describe('the outbox', () => {
  it('gives up after four refused attempts, logging each by kind and never the message', async () => {
    await withTestServer({ MAIL_RETRY_DELAY: '10ms' }, async (s) => {
      s.mailbox.refuseNext(4);
      const { email } = await s.client().register(uniqueEmail());

      await s.services.drainMail(10_000);

      const lines = s.logs.filter((line) => line.mail === 'email_verification');
      expect(lines.map((line) => line.msg)).toEqual([
        'mail delivery failed; retrying',
        'mail delivery failed; retrying',
        'mail delivery failed; retrying',
        'mail not delivered; giving up',
      ]);
      expect(lines.at(-1)?.attempts).toBe(4);
      expect(s.mailbox.attempts()).toBe(4);
      expect(s.mailbox.received.filter(verificationMail(email))).toEqual([]);
      expect(JSON.stringify(lines)).not.toMatch(/verify-email|token=/);
    });
  });

  it('is waited for by a graceful stop: a message held by the SMTP server is delivered before stop resolves', async () => {
    const s = await startTestServer();
    let closed = false;
    try {
      s.mailbox.hold();
      const client = s.client();
      const { email } = await client.register(uniqueEmail());
      await client.gql(REQUEST_PASSWORD_RESET, { input: { email } });

      const stopping = s.close().then(() => (closed = true));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(closed).toBe(false); // waiting for the held delivery
      s.mailbox.release();
      await stopping;
    } finally {
      s.mailbox.release();
      if (!closed) await s.close();
    }
    expect(s.mailbox.received.map((mail) => mail.subject).sort()).toEqual([
      'Confirm your email address',
      'Reset your password',
    ]);
  });
});

describe('development without SMTP_URL', () => {
  it('logs each message’s subject and link instead of sending it', async () => {
    await withTestServer({ NODE_ENV: 'development', SMTP_URL: '', APP_URL: 'http://localhost:3000' }, async (s) => {
      const { email } = await s.client().register(uniqueEmail());
      await s.services.drainMail(5_000);

      const line = s.logs.find((entry) => entry.msg === 'mail not sent (no SMTP_URL): its link is here');
      expect(line).toMatchObject({ to: email, subject: 'Confirm your email address' });
      expect(line?.link).toMatch(/^http:\/\/localhost:3000\/verify-email\?token=[\w-]{43}$/);
      expect(s.mailbox.received).toEqual([]);
    });
  });
});
