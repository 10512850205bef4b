// Password reset by email, black-box: real API over HTTP, real database, real SMTP
// listener; links are read out of the received mail as a person would.
import bcrypt from 'bcrypt';
import { print } from 'graphql';
import { linkIn } from '../../../../scripts/lib/mailbox';
import type { Mailbox, ReceivedMail } from '../../../../scripts/lib/mailbox';
import { LOGIN, ME, REQUEST_PASSWORD_RESET, RESET_PASSWORD } from '../../testing/operations';
import { errorCode, uniqueEmail, useTestServer, withTestServer } from '../../testing/testServer';
import type { TestClient, TestServer } from '../../testing/testServer';

const APP_URL = 'http://app.example.test:3000';
const NEW_PASSWORD = 'a brand new passphrase';

const server = useTestServer({ APP_URL, MAIL_RETRY_DELAY: '50ms' });

const mailbox = () => server().mailbox;

/** A reset mail to `email`, received after the first `after` messages of `box`. */
const resetMailTo =
  (box: Mailbox, email: string, after = 0) =>
  (mail: ReceivedMail) =>
    mail.to.includes(email) && mail.subject === 'Reset your password' && box.received.indexOf(mail) >= after;

/** Asks for a reset of `email` and returns the token of the link that arrives. */
async function resetToken(client: TestClient, email: string, box = mailbox()): Promise<string> {
  const after = box.received.length;
  const res = await client.gql(REQUEST_PASSWORD_RESET, { input: { email } });
  expect(res.data?.requestPasswordReset).toBe(true);
  const mail = await box.waitFor(resetMailTo(box, email, after));
  return linkIn(mail, `${APP_URL}/reset-password?token=`).token;
}

/** A new account, once its verification mail has arrived (so no delivery of it is still under way). */
async function registered(s: TestServer = server()) {
  const client = s.client();
  const account = await client.register(uniqueEmail());
  await s.mailbox.waitFor((mail) => mail.to.includes(account.email) && mail.subject === 'Confirm your email address');
  return { client, ...account };
}

describe('requestPasswordReset', () => {
  it('mails a link to APP_URL/reset-password with a 256-bit token, whatever Host the request names', async () => {
    const { client, email } = await registered();
    const after = mailbox().received.length;

    const res = await client.gql(REQUEST_PASSWORD_RESET, { input: { email } }, { headers: { host: 'evil.example' } });

    expect(res.data?.requestPasswordReset).toBe(true);
    const mail = await mailbox().waitFor(resetMailTo(mailbox(), email, after));
    const { url, token } = linkIn(mail, `${APP_URL}/reset-password?token=`);
    expect(url).toBe(`${APP_URL}/reset-password?token=${token}`);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(mail.text).not.toContain('evil.example');
    expect(mail.html).toContain(url.replace(/&/g, '&amp;'));
  });

  it('answers an unknown address exactly as a known one, and mails nobody', async () => {
    const { client, email } = await registered();
    const unknown = uniqueEmail();
    const known = await client.gql(REQUEST_PASSWORD_RESET, { input: { email } });
    const stranger = await client.gql(REQUEST_PASSWORD_RESET, { input: { email: unknown } });

    expect(stranger.status).toBe(known.status);
    expect(JSON.stringify({ data: stranger.data, errors: stranger.errors })).toBe(
      JSON.stringify({ data: known.data, errors: known.errors }),
    );
    await mailbox().waitFor(resetMailTo(mailbox(), email));
    await server().services.drainMail(5_000); // every queued message has been composed and sent
    expect(mailbox().received.filter((mail) => mail.to.includes(unknown))).toEqual([]);
  });

  it('answers before the mail server has taken the message (a stalled SMTP server slows nothing)', async () => {
    const { client, email } = await registered();
    const after = mailbox().received.length;
    mailbox().hold();
    try {
      const res = await client.gql(REQUEST_PASSWORD_RESET, { input: { email } });
      expect(res.data?.requestPasswordReset).toBe(true);
      expect(mailbox().received.length).toBe(after); // answered, and the message is still held
    } finally {
      mailbox().release();
    }
    await mailbox().waitFor(resetMailTo(mailbox(), email, after));
  });

  it('retries a delivery the mail server refused, and logs the failures without the link', async () => {
    const { client, email } = await registered();
    const before = server().logs.length;
    mailbox().refuseNext(2);

    const token = await resetToken(client, email);

    const logs = server().logs.slice(before);
    const retries = logs.filter((line) => line.msg === 'mail delivery failed; retrying');
    expect(retries.map((line) => line.attempt)).toEqual([1, 2]);
    expect(retries.every((line) => line.mail === 'password_reset')).toBe(true);
    expect(JSON.stringify(logs)).not.toContain(token);
  });

  it('is limited per address, known or not (RATE_LIMITED with retryAfter)', async () => {
    await withTestServer({ APP_URL, PASSWORD_RESET_MAX_PER_EMAIL: '2' }, async (s) => {
      const { client, email } = await registered(s);
      for (const address of [email, uniqueEmail()]) {
        const codes = [];
        for (let i = 0; i < 3; i++) {
          codes.push(errorCode(await client.gql(REQUEST_PASSWORD_RESET, { input: { email: address } })) ?? 'ok');
        }
        expect(codes).toEqual(['ok', 'ok', 'RATE_LIMITED']);
      }
      const limited = await client.gql(REQUEST_PASSWORD_RESET, { input: { email } });
      expect(limited.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(0);
    });
  });

  it('is limited per network across addresses', async () => {
    await withTestServer({ APP_URL, PASSWORD_RESET_MAX_PER_IP: '3' }, async (s) => {
      const client = s.client();
      const codes = [];
      for (let i = 0; i < 4; i++) {
        codes.push(errorCode(await client.gql(REQUEST_PASSWORD_RESET, { input: { email: uniqueEmail() } })) ?? 'ok');
      }
      expect(codes).toEqual(['ok', 'ok', 'ok', 'RATE_LIMITED']);
    });
  });

  it.each([
    ['an oversized address', { email: `${'a'.repeat(300)}@example.com` }],
    ['a malformed address', { email: 'not-an-address' }],
    ['an operator object', { email: { $ne: '' } }],
    ['a number', { email: 42 }],
  ])('refuses %s with BAD_USER_INPUT', async (_name, input) => {
    const res = await server().client().gql(print(REQUEST_PASSWORD_RESET), { input });
    expect(res.status).toBeLessThan(500);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });
});

describe('resetPassword', () => {
  it('sets the new password, ends every session at once, verifies the email and mails a notice; signs nobody in', async () => {
    const { client, email, password } = await registered();
    const other = server().client();
    await other.login(email, password);
    const token = await resetToken(client, email);

    const res = await server()
      .client()
      .gql(RESET_PASSWORD, { input: { token, newPassword: NEW_PASSWORD } });

    expect(res.data?.resetPassword).toBe(true);
    expect(res.setCookies.filter((cookie) => cookie.startsWith('refresh_token='))).toEqual([]);
    for (const session of [client, other]) {
      expect(errorCode(await session.gql(ME))).toBe('UNAUTHENTICATED');
      expect(errorCode(await session.refresh())).toBe('UNAUTHENTICATED');
    }
    expect(errorCode(await server().client().login(email, password))).toBe('UNAUTHENTICATED');
    const fresh = server().client();
    expect((await fresh.login(email, NEW_PASSWORD)).data?.login.user.email).toBe(email);
    const verified = await fresh.gql('{ me { emailVerified } }');
    expect(verified.data).toEqual({ me: { emailVerified: true } });
    const notice = await mailbox().waitFor(
      (mail) => mail.to.includes(email) && mail.subject === 'Your password was changed',
    );
    expect(notice.text).toContain('Forgot password?');
  });

  // 10: one account's hashes run 2 at a time with 8 waiting (BCRYPT_MAX_QUEUE_PER_ACCOUNT); more would be SERVICE_UNAVAILABLE.
  it('spends a token once: of 10 concurrent resets exactly one succeeds', async () => {
    const { client, email } = await registered();
    const token = await resetToken(client, email);

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        server()
          .client()
          .gql(RESET_PASSWORD, { input: { token, newPassword: `${NEW_PASSWORD} ${i}` } }),
      ),
    );

    const won = results.filter((res) => res.data?.resetPassword === true);
    expect(won).toHaveLength(1);
    expect(results.filter((res) => errorCode(res) === 'INVALID_TOKEN')).toHaveLength(9);
    const winner = results.indexOf(won[0]!);
    expect((await server().client().login(email, `${NEW_PASSWORD} ${winner}`)).data?.login.user.email).toBe(email);
  });

  it('refuses a used token with INVALID_TOKEN', async () => {
    const { client, email } = await registered();
    const token = await resetToken(client, email);
    await server()
      .client()
      .gql(RESET_PASSWORD, { input: { token, newPassword: NEW_PASSWORD } });

    const again = await server()
      .client()
      .gql(RESET_PASSWORD, { input: { token, newPassword: `${NEW_PASSWORD}!` } });

    expect(errorCode(again)).toBe('INVALID_TOKEN');
  });

  // guards: a spent token is refused before any password hashing (issue 19 §2c): retrying a
  // used link must cost no bcrypt work. Counted at bcrypt itself, the hasher's library.
  it('refuses a spent token without hashing anything', async () => {
    const { client, email } = await registered();
    const token = await resetToken(client, email);
    expect(
      (
        await server()
          .client()
          .gql(RESET_PASSWORD, { input: { token, newPassword: NEW_PASSWORD } })
      ).data?.resetPassword,
    ).toBe(true);
    const hash = jest.spyOn(bcrypt, 'hash');
    const compare = jest.spyOn(bcrypt, 'compare');
    try {
      const retries = await Promise.all(
        Array.from({ length: 3 }, () =>
          server()
            .client()
            .gql(RESET_PASSWORD, { input: { token, newPassword: `${NEW_PASSWORD}!` } }),
        ),
      );

      expect(retries.map(errorCode)).toEqual(['INVALID_TOKEN', 'INVALID_TOKEN', 'INVALID_TOKEN']);
      expect(hash.mock.calls.length + compare.mock.calls.length).toBe(0);
    } finally {
      hash.mockRestore();
      compare.mockRestore();
    }
  });

  it('is limited per client address, spent and unknown tokens included (PASSWORD_RESET_MAX_PER_IP)', async () => {
    await withTestServer({ APP_URL, PASSWORD_RESET_MAX_PER_IP: '3' }, async (s) => {
      const client = s.client();
      const codes = [];
      for (let i = 0; i < 4; i++) {
        const res = await client.gql(RESET_PASSWORD, { input: { token: 'A'.repeat(43), newPassword: NEW_PASSWORD } });
        codes.push(errorCode(res));
      }
      expect(codes).toEqual(['INVALID_TOKEN', 'INVALID_TOKEN', 'INVALID_TOKEN', 'RATE_LIMITED']);
      // Another network is not held back by this one.
      const other = await s.client({ ip: '203.0.113.9' }).gql(RESET_PASSWORD, {
        input: { token: 'A'.repeat(43), newPassword: NEW_PASSWORD },
      });
      expect(errorCode(other)).toBe('INVALID_TOKEN');
    });
  });

  it('refuses a token superseded by a newer request, and takes the newer one', async () => {
    const { client, email } = await registered();
    const first = await resetToken(client, email);
    const second = await resetToken(client, email);

    const old = await server()
      .client()
      .gql(RESET_PASSWORD, { input: { token: first, newPassword: NEW_PASSWORD } });
    const current = await server()
      .client()
      .gql(RESET_PASSWORD, { input: { token: second, newPassword: NEW_PASSWORD } });

    expect(errorCode(old)).toBe('INVALID_TOKEN');
    expect(old.errors?.[0]?.message).toBe('This link is no longer valid; ask for a new one');
    expect(current.data?.resetPassword).toBe(true);
  });

  it('refuses an expired token (PASSWORD_RESET_TTL)', async () => {
    const { client, email, password } = await registered();
    const token = await resetToken(client, email);
    server().advance(server().config.emailTokens.passwordResetTtlMs);

    const res = await server()
      .client()
      .gql(RESET_PASSWORD, { input: { token, newPassword: NEW_PASSWORD } });

    expect(errorCode(res)).toBe('INVALID_TOKEN');
    expect((await server().client().login(email, password)).data?.login.user.email).toBe(email);
  });

  it('refuses a weak new password with BAD_USER_INPUT, and the token stays usable', async () => {
    const { client, email } = await registered();
    const token = await resetToken(client, email);

    const weak = await server()
      .client()
      .gql(RESET_PASSWORD, { input: { token, newPassword: 'short' } });
    const good = await server()
      .client()
      .gql(RESET_PASSWORD, { input: { token, newPassword: NEW_PASSWORD } });

    expect(errorCode(weak)).toBe('BAD_USER_INPUT');
    expect(weak.errors?.[0]?.extensions?.field).toBe('newPassword');
    expect(good.data?.resetPassword).toBe(true);
  });

  it('refuses an unknown token, and a verification token, with INVALID_TOKEN', async () => {
    const { email } = await registered();
    const verification = await mailbox().waitFor(
      (mail) => mail.to.includes(email) && mail.subject.startsWith('Confirm'),
    );
    const { token } = linkIn(verification, `${APP_URL}/verify-email?token=`);

    for (const candidate of [token, 'A'.repeat(43)]) {
      const res = await server()
        .client()
        .gql(RESET_PASSWORD, { input: { token: candidate, newPassword: NEW_PASSWORD } });
      expect(errorCode(res)).toBe('INVALID_TOKEN');
    }
  });

  it.each([
    ['an oversized token', { token: 'A'.repeat(10_000), newPassword: NEW_PASSWORD }],
    ['an empty token', { token: '', newPassword: NEW_PASSWORD }],
    ['an operator object', { token: { $gt: '' }, newPassword: NEW_PASSWORD }],
    ['a token of the wrong type', { token: ['x'], newPassword: NEW_PASSWORD }],
  ])('refuses %s with BAD_USER_INPUT', async (_name, input) => {
    const res = await server().client().gql(print(RESET_PASSWORD), { input });
    expect(res.status).toBeLessThan(500);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });

  it('never writes a reset token to the log', async () => {
    const { client, email } = await registered();
    const token = await resetToken(client, email);
    await server()
      .client()
      .gql(RESET_PASSWORD, { input: { token, newPassword: NEW_PASSWORD } });
    await server()
      .client()
      .gql(LOGIN, { input: { email, password: NEW_PASSWORD } });

    expect(JSON.stringify(server().logs)).not.toContain(token);
  });
});
