// guards: whoever has the password cannot guess the second factor for ever (issue 19 item 4,
// NIST SP 800-63B §5.2.2: a limit on consecutive failed attempts). Black-box: real API, real
// database, real SMTP listener; codes computed from the secret as an authenticator app would.
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { STEP_MS, totpCode } from '../../testing/totpCodes';
import {
  CONFIRM_TOTP_SETUP,
  FINISH_PASSKEY_LOGIN,
  FINISH_PASSKEY_REGISTRATION,
  LOGIN,
  RESET_PASSWORD,
  SECURITY_EVENTS,
  START_PASSKEY_LOGIN,
  START_PASSKEY_REGISTRATION,
  START_TOTP_SETUP,
  VERIFY_MFA,
} from '../../testing/operations';
import { SoftAuthenticator } from '../../testing/softAuthenticator';
import { errorCode, uniqueEmail, useTestServer } from '../../testing/testServer';
import type { TestClient } from '../../testing/testServer';

const ORIGIN = 'http://localhost:3000';
const server = useTestServer({ APP_URL: ORIGIN });
const WRONG = '000000';

const codeAt = (secret: string, offset = 0) => totpCode(server(), secret, offset);

/** A fresh time step, away from its edge: the next code has not been spent yet. */
function nextStep(): void {
  const left = STEP_MS - (server().now().getTime() % STEP_MS);
  server().advance(left + 1_000);
}

const cookieOf = (name: string, setCookies: string[]) =>
  setCookies.map((c) => new RegExp(`^${name}=([^;]*)`).exec(c)?.[1]).find((v) => v !== undefined);

/** An account with a confirmed address, a passkey and TOTP on. */
async function account() {
  const client = server().client();
  const { email, password, user } = await client.register(uniqueEmail());
  await server()
    .db.models.User.updateOne({ _id: user.id }, { $set: { emailVerifiedAt: server().now() } })
    .exec();
  const authenticator = new SoftAuthenticator();
  const options = (await client.gql(START_PASSKEY_REGISTRATION)).data!.startPasskeyRegistration;
  const added = await client.gql(FINISH_PASSKEY_REGISTRATION, {
    response: authenticator.register(options as never, { origin: ORIGIN }),
    name: 'Laptop',
  });
  expect(added.errors).toBeUndefined();
  nextStep();
  const setup = (await client.gql(START_TOTP_SETUP, { input: { password } })).data!.startTotpSetup;
  const confirmed = await client.gql(CONFIRM_TOTP_SETUP, { input: { code: codeAt(setup.secret) } });
  expect(confirmed.errors).toBeUndefined();
  nextStep();
  return { client, email, password, secret: setup.secret, authenticator };
}

/** Login step 1 from `browser` (a new one by default), presenting `device` if given. */
async function passwordStep(email: string, password: string, browser = server().client(), device?: string) {
  const headers: Record<string, string> = device ? { cookie: `device=${device}` } : {};
  const res = await browser.gql(LOGIN, { input: { email, password } }, { cookie: null, headers });
  return { browser, res, pending: cookieOf('mfa_pending', res.setCookies) };
}

/** Login step 2: the code for `pending`, from `browser`, presenting `device` if given. */
function verify(browser: TestClient, pending: string | undefined, code: string, device?: string) {
  const cookie = [pending && `mfa_pending=${pending}`, device && `device=${device}`].filter(Boolean).join('; ');
  return browser.gql(VERIFY_MFA, { input: { code } }, { cookie: null, headers: cookie ? { cookie } : {} });
}

/** `count` wrong codes, over as many pending logins as that takes (5 each): their answers. */
async function wrongCodes(email: string, password: string, count: number, browser?: TestClient, device?: string) {
  const answers: unknown[] = [];
  while (answers.length < count) {
    const { pending } = await passwordStep(email, password, browser, device);
    const step = browser ?? server().client();
    for (let i = 0; i < 5 && answers.length < count; i++)
      answers.push(errorCode(await verify(step, pending, WRONG, device)));
  }
  return answers;
}

async function eventTypes(client: TestClient) {
  await server().services.drainEvents(5_000);
  return (await client.gql(SECURITY_EVENTS, { first: 100 })).data!.securityEvents.map((e) => String(e.type));
}

async function passkeyLogin(authenticator: SoftAuthenticator) {
  const browser = server().client();
  const started = await browser.gql(START_PASSKEY_LOGIN, undefined, { cookie: null });
  const options = started.data!.startPasskeyLogin as PublicKeyCredentialRequestOptionsJSON;
  const cookie = `passkey_login=${cookieOf('passkey_login', started.setCookies)}`;
  const response = authenticator.authenticate(options, { origin: ORIGIN });
  return browser.gql(FINISH_PASSKEY_LOGIN, { response }, { cookie: null, headers: { cookie } });
}

describe('wrong second-factor codes in a row', () => {
  it('block password sign-in after 10: pending logins voided, SIGN_IN_BLOCKED recorded and mailed, passkeys still work, a reset lifts it', async () => {
    const { client, email, password, secret, authenticator } = await account();
    const waiting = await passwordStep(email, password);

    const answers = await wrongCodes(email, password, 10);

    expect(answers).toEqual([...Array(9).fill('INVALID_CODE'), 'PASSWORD_RESET_REQUIRED']);
    expect(errorCode(await verify(waiting.browser, waiting.pending, codeAt(secret)))).toBe('UNAUTHENTICATED');
    expect(errorCode((await passwordStep(email, password)).res)).toBe('PASSWORD_RESET_REQUIRED');
    expect(errorCode((await passwordStep(email, 'not the password')).res)).toBe('UNAUTHENTICATED');
    expect((await eventTypes(client)).filter((t) => t === 'SIGN_IN_BLOCKED')).toHaveLength(1);
    await server().mailbox.waitFor(
      (m) => m.to.includes(email) && m.subject === 'Sign-in with your password is blocked',
    );
    expect((await passkeyLogin(authenticator)).data?.finishPasskeyLogin.user.email).toBe(email);

    const token = await server().resetToken(email);
    const newPassword = 'a brand new passphrase';
    const reset = await server().client().gql(RESET_PASSWORD, { input: { token, newPassword } });
    expect(reset.data?.resetPassword).toBe(true);
    const again = await passwordStep(email, newPassword);
    expect(errorCode(again.res)).toBe('MFA_REQUIRED');
    expect((await verify(again.browser, again.pending, codeAt(secret))).data?.verifyMfa.user.email).toBe(email);
  });

  it('are counted right when 10 arrive at once: blocked, and SIGN_IN_BLOCKED recorded once', async () => {
    const { client, email, password } = await account();
    const steps = [await passwordStep(email, password), await passwordStep(email, password)];

    const answers = await Promise.all(
      steps.flatMap(({ browser, pending }) => Array.from({ length: 5 }, () => verify(browser, pending, WRONG))),
    );

    expect(answers.map(errorCode)).toContain('PASSWORD_RESET_REQUIRED');
    expect(errorCode((await passwordStep(email, password)).res)).toBe('PASSWORD_RESET_REQUIRED');
    expect((await eventTypes(client)).filter((t) => t === 'SIGN_IN_BLOCKED')).toHaveLength(1);
  });

  it('are counted consecutively: 9 wrong, 1 right, 9 wrong does not block', async () => {
    const { email, password, secret } = await account();

    const first = await wrongCodes(email, password, 9);
    const right = await passwordStep(email, password);
    const signedIn = await verify(right.browser, right.pending, codeAt(secret));
    nextStep();
    const second = await wrongCodes(email, password, 9);

    expect([...first, ...second]).toEqual(Array(18).fill('INVALID_CODE'));
    expect(signedIn.data?.verifyMfa.user.email).toBe(email);
    const later = await passwordStep(email, password);
    expect(errorCode(later.res)).toBe('MFA_REQUIRED');
    expect((await verify(later.browser, later.pending, codeAt(secret))).data?.verifyMfa.user.email).toBe(email);
  });

  it("from the owner's trusted device (its device cookie) count neither toward the block nor the account-wide limit", async () => {
    const { email, password, secret } = await account();
    const owner = server().client();
    const first = await passwordStep(email, password, owner);
    const done = await verify(owner, first.pending, codeAt(secret));
    const device = cookieOf('device', done.setCookies);
    expect(device).toBeDefined();
    nextStep();

    const stranger9 = await wrongCodes(email, password, 9);
    const answers = await wrongCodes(email, password, 12, owner, device);

    // 9 + 12 is past both the streak (10) and MFA_MAX_FAILURES_ACCOUNT (20) if the device counted.
    expect(stranger9).toEqual(Array(9).fill('INVALID_CODE'));
    expect(answers).toEqual(Array(12).fill('INVALID_CODE'));
    const stranger = await passwordStep(email, password);
    expect(errorCode(stranger.res)).toBe('MFA_REQUIRED');
    expect((await verify(stranger.browser, stranger.pending, codeAt(secret))).data?.verifyMfa.user.email).toBe(email);
  });
});

describe('a wrong second-factor code after the right password', () => {
  it('records SECOND_FACTOR_FAILED and mails the owner that someone entered the password, at most once an hour', async () => {
    const { client, email, password } = await account();
    const subject = 'Someone entered your password';
    const notices = () => server().mailbox.received.filter((m) => m.to.includes(email) && m.subject === subject);

    await wrongCodes(email, password, 3);
    await server().mailbox.waitFor((m) => m.to.includes(email) && m.subject === subject);
    await server().services.drainMail(5_000);
    const withinTheHour = (await eventTypes(client)).filter((t) => t === 'SECOND_FACTOR_FAILED');
    const mailedWithinTheHour = notices().length;
    server().advance(61 * 60_000);
    await client.refresh(); // the access token lives 15 minutes
    await wrongCodes(email, password, 1);
    await server().services.drainMail(5_000);

    expect(withinTheHour).toHaveLength(1);
    expect(mailedWithinTheHour).toBe(1);
    expect((await eventTypes(client)).filter((t) => t === 'SECOND_FACTOR_FAILED')).toHaveLength(2);
    expect(notices()).toHaveLength(2);
  });
});
