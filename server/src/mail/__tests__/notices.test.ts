// Who may be mailed a notice (a security-event mail: "your password was changed", "new
// sign-in", …) and how many, through the real SMTP listener. A notice is the API writing
// to an address on its own initiative, so nobody can aim it at a stranger's inbox: an
// unconfirmed address gets none, and any address at most MAIL_MAX_PER_RECIPIENT an hour,
// counted in the database so that every instance shares the count. The queue is bounded
// and the SMTP connections pooled.
import { CHANGE_PASSWORD, REQUEST_PASSWORD_RESET } from '../../testing/operations';
import { testDatabaseUri, uniqueEmail, withTestServer } from '../../testing/testServer';
import type { TestServer } from '../../testing/testServer';

const HOUR = 3_600_000;

/** Every message `email` received, by subject, once everything recorded and queued so far is sent. */
async function subjectsTo(s: TestServer, email: string): Promise<string[]> {
  await s.services.drainEvents(5_000);
  await s.services.drainMail(10_000);
  return s.mailbox.received.filter((m) => m.to.includes(email)).map((m) => m.subject);
}

/** A sign-in from a browser the account has never seen: a "New sign-in" notice for a confirmed address. */
const signInFromNewDevice = (s: TestServer, email: string, password: string) =>
  s.client({ userAgent: `browser-${Math.random().toString(36).slice(2)}` }).login(email, password);

describe('notices to an unconfirmed address', () => {
  it('are not sent: it gets only its verification mail and the reset links it asks for', async () => {
    await withTestServer({}, async (s) => {
      const client = s.client();
      const { email, password } = await client.register(uniqueEmail());

      await client.gql(CHANGE_PASSWORD, {
        input: { currentPassword: password, newPassword: 'a brand new passphrase' },
      });
      await signInFromNewDevice(s, email, 'a brand new passphrase');
      await client.gql(REQUEST_PASSWORD_RESET, { input: { email } });

      expect((await subjectsTo(s, email)).sort()).toEqual(['Confirm your email address', 'Reset your password']);
      const skipped = s.logs.filter((line) => line.msg === 'notice not sent: address not confirmed');
      expect(skipped.map((line) => line.mail).sort()).toEqual(['new_device_sign_in', 'password_changed']);
      expect(JSON.stringify(s.logs)).not.toContain(email);
    });
  });

  it('are sent once the address is confirmed', async () => {
    await withTestServer({}, async (s) => {
      const { email, password } = await s.client().register(uniqueEmail());
      await s.confirmEmail(email);

      await signInFromNewDevice(s, email, password);

      expect(await subjectsTo(s, email)).toContain('New sign-in to your account');
    });
  });
});

describe('notices to one address', () => {
  it('are at most MAIL_MAX_PER_RECIPIENT an hour: the rest are dropped and logged without the address', async () => {
    await withTestServer({ MAIL_MAX_PER_RECIPIENT: '3' }, async (s) => {
      const { email, password } = await s.client().register(uniqueEmail());
      await s.confirmEmail(email);

      for (let i = 0; i < 5; i++) await signInFromNewDevice(s, email, password);

      const notices = (await subjectsTo(s, email)).filter((subject) => subject === 'New sign-in to your account');
      expect(notices).toHaveLength(3);
      const dropped = s.logs.filter((line) => line.msg === 'notice dropped: too many to this address');
      expect(dropped).toHaveLength(2);
      expect(dropped[0]).toMatchObject({
        mail: 'new_device_sign_in',
        recipient: expect.stringMatching(/^[\w-]{16,}$/),
      });
      expect(JSON.stringify(s.logs)).not.toContain(email);

      s.advance(HOUR + 1_000);
      await signInFromNewDevice(s, email, password);
      const after = (await subjectsTo(s, email)).filter((subject) => subject === 'New sign-in to your account');
      expect(after).toHaveLength(4);
    });
  });

  it('are counted across instances: two API processes on one database share the limit', async () => {
    const database = testDatabaseUri();
    const shared = { MAIL_MAX_PER_RECIPIENT: '3', MONGODB_URI: database };
    await withTestServer(shared, async (a) => {
      await withTestServer(shared, async (b) => {
        const { email, password } = await a.client().register(uniqueEmail());
        await a.confirmEmail(email);

        for (let i = 0; i < 3; i++) await signInFromNewDevice(a, email, password);
        for (let i = 0; i < 3; i++) await signInFromNewDevice(b, email, password);

        const notices = [...(await subjectsTo(a, email)), ...(await subjectsTo(b, email))].filter(
          (subject) => subject === 'New sign-in to your account',
        );
        expect(notices).toHaveLength(3);
      });
    });
  });
});

describe('the outbox', () => {
  it('holds at most MAIL_QUEUE_MAX messages: beyond that a message is dropped and logged', async () => {
    await withTestServer({ MAIL_QUEUE_MAX: '2' }, async (s) => {
      s.mailbox.hold();
      const emails: string[] = [];
      try {
        for (let i = 0; i < 5; i++) emails.push((await s.client().register(uniqueEmail())).email);
        await new Promise((resolve) => setImmediate(resolve));
      } finally {
        s.mailbox.release();
      }
      await s.services.drainMail(10_000);

      const delivered = s.mailbox.received.filter((m) => emails.some((email) => m.to.includes(email)));
      expect(delivered).toHaveLength(2);
      const dropped = s.logs.filter((line) => line.msg === 'mail dropped: the outbox is full');
      expect(dropped.map((line) => line.mail)).toEqual([
        'email_verification',
        'email_verification',
        'email_verification',
      ]);
    });
  });

  it('sends over a pool of SMTP connections instead of one connection per message', async () => {
    await withTestServer({}, async (s) => {
      for (let i = 0; i < 8; i++) await s.client().register(uniqueEmail());
      await s.services.drainMail(10_000);

      expect(s.mailbox.received).toHaveLength(8);
      expect(s.mailbox.connections()).toBeLessThanOrEqual(5);
    });
  });
});
