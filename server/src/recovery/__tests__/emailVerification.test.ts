// Email verification and the "your password was changed" notice, black-box: real
// API, real database, real SMTP listener.
import { print } from 'graphql';
import { linkIn } from '../../../../scripts/lib/mailbox';
import type { Mailbox, ReceivedMail } from '../../../../scripts/lib/mailbox';
import { CHANGE_PASSWORD, ME_VERIFIED, SEND_VERIFICATION_EMAIL, VERIFY_EMAIL } from '../../testing/operations';
import { errorCode, uniqueEmail, useTestServer } from '../../testing/testServer';
import type { TestServer } from '../../testing/testServer';

const APP_URL = 'http://app.example.test:3000';
const server = useTestServer({ APP_URL, VERIFICATION_EMAIL_MAX: '2' });

const mailbox = () => server().mailbox;

const verificationTo =
  (box: Mailbox, email: string, after = 0) =>
  (mail: ReceivedMail) =>
    mail.to.includes(email) && mail.subject === 'Confirm your email address' && box.received.indexOf(mail) >= after;
const tokenOf = (mail: ReceivedMail) => linkIn(mail, `${APP_URL}/verify-email?token=`).token;

async function registered(s: TestServer = server()) {
  const client = s.client();
  const account = await client.register(uniqueEmail());
  const token = tokenOf(await s.mailbox.waitFor(verificationTo(s.mailbox, account.email)));
  return { client, token, ...account };
}

describe('register', () => {
  it('mails a verification link to APP_URL/verify-email; the account starts unverified', async () => {
    const { client, token } = await registered();

    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect((await client.gql(ME_VERIFIED)).data?.me.emailVerified).toBe(false);
  });
});

describe('verifyEmail', () => {
  it('marks the address verified, and the same token again is true again', async () => {
    const { client, token } = await registered();
    const anonymous = server().client();

    const first = await anonymous.gql(VERIFY_EMAIL, { input: { token } });
    const second = await anonymous.gql(VERIFY_EMAIL, { input: { token } });

    expect(first.data?.verifyEmail).toBe(true);
    expect(second.data?.verifyEmail).toBe(true);
    expect((await client.gql(ME_VERIFIED)).data?.me.emailVerified).toBe(true);
  });

  it('refuses an unknown token with INVALID_TOKEN', async () => {
    const res = await server()
      .client()
      .gql(VERIFY_EMAIL, { input: { token: 'A'.repeat(43) } });

    expect(errorCode(res)).toBe('INVALID_TOKEN');
  });

  it('refuses an expired token (EMAIL_VERIFICATION_TTL)', async () => {
    const { client, token } = await registered();
    server().advance(server().config.emailTokens.emailVerificationTtlMs);

    expect(errorCode(await server().client().gql(VERIFY_EMAIL, { input: { token } }))).toBe('INVALID_TOKEN');
    // A day later the access token has expired too: the owner refreshes, as the web app would.
    expect((await client.refresh()).errors).toBeUndefined();
    expect((await client.gql(ME_VERIFIED)).data?.me.emailVerified).toBe(false);
  });

  it.each([
    ['an oversized token', { token: 'A'.repeat(10_000) }],
    ['an operator object', { token: { $ne: null } }],
    ['a number', { token: 7 }],
  ])('refuses %s with BAD_USER_INPUT', async (_name, input) => {
    const res = await server().client().gql(print(VERIFY_EMAIL), { input });
    expect(res.status).toBeLessThan(500);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });
});

describe('sendVerificationEmail', () => {
  it('needs an access token', async () => {
    expect(errorCode(await server().client().gql(SEND_VERIFICATION_EMAIL))).toBe('UNAUTHENTICATED');
  });

  it('mails a new link, which works as well as the first; then it is rate limited', async () => {
    const { client, email, token: first } = await registered();
    const after = mailbox().received.length;

    expect((await client.gql(SEND_VERIFICATION_EMAIL)).data?.sendVerificationEmail).toBe(true);
    const second = tokenOf(await mailbox().waitFor(verificationTo(mailbox(), email, after)));
    expect(second).not.toBe(first);
    expect((await client.gql(SEND_VERIFICATION_EMAIL)).data?.sendVerificationEmail).toBe(true);
    const limited = await client.gql(SEND_VERIFICATION_EMAIL);
    expect(errorCode(limited)).toBe('RATE_LIMITED');
    expect(limited.errors?.[0]?.extensions?.retryAfter).toBeGreaterThan(0);

    expect(
      (
        await server()
          .client()
          .gql(VERIFY_EMAIL, { input: { token: second } })
      ).data?.verifyEmail,
    ).toBe(true);
    expect(
      (
        await server()
          .client()
          .gql(VERIFY_EMAIL, { input: { token: first } })
      ).data?.verifyEmail,
    ).toBe(true);
  });

  it('answers true and mails nothing once the address is verified', async () => {
    const { client, email, token } = await registered();
    await client.gql(VERIFY_EMAIL, { input: { token } });
    const after = mailbox().received.length;

    expect((await client.gql(SEND_VERIFICATION_EMAIL)).data?.sendVerificationEmail).toBe(true);

    await server().services.drainMail(5_000);
    expect(
      mailbox()
        .received.slice(after)
        .filter((mail) => mail.to.includes(email)),
    ).toEqual([]);
  });
});

describe('changePassword', () => {
  it('mails "your password was changed"', async () => {
    const { client, email, password } = await registered();
    await server().confirmEmail(email); // notices go to confirmed addresses only

    const res = await client.gql(CHANGE_PASSWORD, {
      input: { currentPassword: password, newPassword: 'another fine passphrase' },
    });

    expect(res.data?.changePassword.user.email).toBe(email);
    const notice = await mailbox().waitFor(
      (mail) => mail.to.includes(email) && mail.subject === 'Your password was changed',
    );
    expect(notice.text).toMatch(/was changed on \d{4}-\d\d-\d\d at \d\d:\d\d:\d\d UTC/);
  });
});
