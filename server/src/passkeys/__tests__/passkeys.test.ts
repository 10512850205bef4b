// Passkeys, black-box: real API, real database, real SMTP listener; every WebAuthn answer is
// produced by a software authenticator (testing/softAuthenticator.ts) with real ES256 keys, and
// checked by the API exactly as a browser's would be.
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import * as OTPAuth from 'otpauth';
import {
  CONFIRM_TOTP_SETUP,
  DELETE_PASSKEY,
  LOGIN,
  FINISH_PASSKEY_LOGIN,
  FINISH_PASSKEY_REGISTRATION,
  ME,
  PASSKEYS,
  REAUTHENTICATE,
  SECURITY_EVENTS,
  SESSIONS,
  START_PASSKEY_LOGIN,
  START_PASSKEY_REGISTRATION,
  START_TOTP_SETUP,
} from '../../testing/operations';
import { SoftAuthenticator } from '../../testing/softAuthenticator';
import { errorCode, uniqueEmail, useTestServer, withTestServer } from '../../testing/testServer';
import type { GraphQLResponse, TestClient } from '../../testing/testServer';

const ORIGIN = 'http://localhost:3000';
const server = useTestServer({ APP_URL: ORIGIN });

const message = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.message;
const loginCookie = (res: { setCookies: string[] }) =>
  res.setCookies.map((c) => /^passkey_login=([^;]*)/.exec(c)?.[1]).find((v) => v !== undefined);

async function signedIn() {
  const client = server().client();
  const account = await client.register(uniqueEmail());
  await server().confirmEmail(account.email); // passkeys need a confirmed address
  return { client, ...account };
}

async function registrationOptions(client: TestClient) {
  const res = await client.gql(START_PASSKEY_REGISTRATION);
  expect(res.errors).toBeUndefined();
  return res.data!.startPasskeyRegistration as PublicKeyCredentialCreationOptionsJSON;
}

/** Adds a passkey of `authenticator` to the account `client` is signed in to. */
async function addPasskey(client: TestClient, authenticator: SoftAuthenticator, name: string | null = 'Laptop') {
  const options = await registrationOptions(client);
  return client.gql(FINISH_PASSKEY_REGISTRATION, {
    response: authenticator.register(options, { origin: ORIGIN }),
    name,
  });
}

/** A fresh browser's startPasskeyLogin: the options and the cookie that binds them to it. */
async function startLogin() {
  const browser = server().client();
  const res = await browser.gql(START_PASSKEY_LOGIN, undefined, { cookie: null });
  expect(res.errors).toBeUndefined();
  return {
    browser,
    options: res.data!.startPasskeyLogin as PublicKeyCredentialRequestOptionsJSON,
    cookie: loginCookie(res),
  };
}

/** finishPasskeyLogin from `browser`, presenting `cookie` as its passkey-login cookie. */
async function finishLogin(browser: TestClient, cookie: string | undefined, response: unknown) {
  const headers: Record<string, string> = cookie ? { cookie: `passkey_login=${cookie}` } : {};
  const res = await browser.gql(FINISH_PASSKEY_LOGIN, { response }, { cookie: null, headers });
  if (res.data) browser.accessToken = res.data.finishPasskeyLogin.accessToken;
  return res;
}

/** Makes the session of `client` look signed in `minutes` ago (its last full authentication). */
async function ageSession(client: TestClient, minutes: number) {
  const sessionId = JSON.parse(Buffer.from(client.accessToken!.split('.')[1]!, 'base64url').toString()).sid as string;
  const past = new Date(Date.now() - minutes * 60_000);
  await server().db.models.Session.updateOne({ _id: sessionId }, { $set: { createdAt: past, authenticatedAt: past } });
}

describe('adding a passkey', () => {
  it('registers a discoverable, user-verified credential and lists it', async () => {
    const { client } = await signedIn();
    const authenticator = new SoftAuthenticator();
    const options = await registrationOptions(client);
    expect(options).toMatchObject({
      rp: { id: 'localhost' },
      attestation: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    expect(options.pubKeyCredParams.map((p) => p.alg).sort()).toEqual([-257, -7]);
    expect(Buffer.from(options.challenge, 'base64url').length).toBeGreaterThanOrEqual(16);

    const res = await client.gql(FINISH_PASSKEY_REGISTRATION, {
      response: authenticator.register(options, { origin: ORIGIN }),
      name: '  Work laptop ',
    });

    expect(res.errors).toBeUndefined();
    expect(res.data!.finishPasskeyRegistration).toMatchObject({
      id: authenticator.credentials[0]!.id,
      name: 'Work laptop',
      lastUsedAt: null,
    });
    const listed = (await client.gql(PASSKEYS)).data!.passkeys;
    expect(listed.map((p) => p.id)).toEqual([authenticator.credentials[0]!.id]);
  });

  it('records PASSKEY_ADDED and mails the owner', async () => {
    const { client, email } = await signedIn();
    await addPasskey(client, new SoftAuthenticator());

    const mail = await server().mailbox.waitFor((m) => m.to.includes(email) && m.subject === 'A passkey was added');
    expect(mail.text).toContain('A passkey was added to your account');
    await server().services.drainEvents(5_000);
    const types = (await client.gql(SECURITY_EVENTS, {})).data!.securityEvents.map((e) => e.type);
    expect(types).toContain('PASSKEY_ADDED');
  });

  it('excludes the authenticators already registered, so one is not added twice', async () => {
    const { client } = await signedIn();
    const authenticator = new SoftAuthenticator();
    await addPasskey(client, authenticator);

    const options = await registrationOptions(client);

    expect(options.excludeCredentials?.map((c) => c.id)).toEqual([authenticator.credentials[0]!.id]);
  });

  it('refuses an answer for another origin or another RP ID', async () => {
    const { client } = await signedIn();
    const authenticator = new SoftAuthenticator();

    for (const where of [{ origin: 'http://evil.example' }, { origin: ORIGIN, rpId: 'evil.example' }]) {
      const options = await registrationOptions(client);
      const res = await client.gql(FINISH_PASSKEY_REGISTRATION, { response: authenticator.register(options, where) });
      expect(errorCode(res)).toBe('PASSKEY_REFUSED');
      expect(message(res)).toBe("The passkey couldn't be verified, try again");
    }
    expect((await client.gql(PASSKEYS)).data!.passkeys).toEqual([]);
  });

  it("refuses an answer to another user's challenge", async () => {
    const owner = await signedIn();
    const other = await signedIn();
    const options = await registrationOptions(owner.client);

    const res = await other.client.gql(FINISH_PASSKEY_REGISTRATION, {
      response: new SoftAuthenticator().register(options, { origin: ORIGIN }),
    });

    expect(errorCode(res)).toBe('PASSKEY_REFUSED');
    expect(message(res)).toBe('The request expired, try again');
  });

  it('accepts each challenge once', async () => {
    const { client } = await signedIn();
    const options = await registrationOptions(client);
    const authenticator = new SoftAuthenticator();
    const first = authenticator.register(options, { origin: ORIGIN });
    const second = authenticator.register(options, { origin: ORIGIN });

    const results = await Promise.all([
      client.gql(FINISH_PASSKEY_REGISTRATION, { response: first }),
      client.gql(FINISH_PASSKEY_REGISTRATION, { response: second }),
    ]);

    expect(results.filter((r) => r.errors === undefined)).toHaveLength(1);
    expect(results.map(message)).toContain('The request expired, try again');
    expect((await client.gql(PASSKEYS)).data!.passkeys).toHaveLength(1);
  });

  it('asks for the password again when the last sign-in is older than 10 minutes', async () => {
    const { client, password } = await signedIn();
    await ageSession(client, 11);

    const refused = await client.gql(START_PASSKEY_REGISTRATION);
    expect(errorCode(refused)).toBe('REAUTHENTICATION_REQUIRED');
    const wrong = await client.gql(REAUTHENTICATE, { input: { password: 'not the password' } });
    expect(errorCode(wrong)).toBe('BAD_USER_INPUT');
    expect(errorCode(await client.gql(START_PASSKEY_REGISTRATION))).toBe('REAUTHENTICATION_REQUIRED');

    expect((await client.gql(REAUTHENTICATE, { input: { password } })).data?.reauthenticate).toBe(true);
    expect((await addPasskey(client, new SoftAuthenticator())).errors).toBeUndefined();
  });

  // guards: on an account with MFA the step-up was the password alone, a weaker proof than
  // the sign-in it stands for (issue 19 §5, ASVS 5.0 V7.5.1).
  it('on an account with MFA, asks for the password and a code before adding one', async () => {
    const { client, password, email } = await signedIn();
    // Turning MFA on asks for a confirmed address (issue 19 §1).
    await server().db.models.User.updateOne({ email }, { $set: { emailVerifiedAt: server().now() } });
    const setup = (await client.gql(START_TOTP_SETUP, { input: { password } })).data!.startTotpSetup;
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.secret) });
    const recovery = (await client.gql(CONFIRM_TOTP_SETUP, { input: { code: totp.generate() } })).data!
      .confirmTotpSetup;
    await ageSession(client, 11);
    const stepUp = (input: { password: string; code?: string }) =>
      client.gql(`mutation($input: PasswordInput!) { reauthenticate(input: $input) }`, { input });

    const passwordOnly = await stepUp({ password });
    expect([errorCode(passwordOnly), passwordOnly.errors?.[0]?.extensions?.field]).toEqual(['BAD_USER_INPUT', 'code']);
    expect(errorCode(await stepUp({ password, code: '000000' }))).toBe('INVALID_CODE');
    expect(errorCode(await client.gql(START_PASSKEY_REGISTRATION))).toBe('REAUTHENTICATION_REQUIRED');

    expect((await stepUp({ password, code: recovery[0]! })).data?.reauthenticate).toBe(true);
    expect((await addPasskey(client, new SoftAuthenticator())).errors).toBeUndefined();
  });

  it('needs an access token', async () => {
    expect(errorCode(await server().client().gql(START_PASSKEY_REGISTRATION))).toBe('UNAUTHENTICATED');
  });

  it('keeps at most 10 passkeys per account', async () => {
    const { client } = await signedIn();
    for (let i = 0; i < 10; i++) expect((await addPasskey(client, new SoftAuthenticator())).errors).toBeUndefined();

    const res = await client.gql(START_PASSKEY_REGISTRATION);

    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(message(res)).toBe('You can have at most 10 passkeys; remove one first');
  });

  it('answers BAD_USER_INPUT for a response that is not an authenticator answer', async () => {
    const { client } = await signedIn();
    for (const response of ['text', 42, [], {}, { id: 7 }]) {
      const res = await client.gql(FINISH_PASSKEY_REGISTRATION, { response });
      expect(errorCode(res)).toBe('BAD_USER_INPUT');
    }
    const garbage = await client.gql(FINISH_PASSKEY_REGISTRATION, { response: { id: 'abc', response: {} } });
    expect(errorCode(garbage)).toBe('PASSKEY_REFUSED');
  });
});

describe('signing in with a passkey', () => {
  async function withPasskey(authenticator = new SoftAuthenticator()) {
    const account = await signedIn();
    expect((await addPasskey(account.client, authenticator)).errors).toBeUndefined();
    return { ...account, authenticator };
  }

  it('is a full sign-in: a session, a refresh cookie, and lastUsedAt', async () => {
    const { client, email, authenticator } = await withPasskey();
    const { browser, options, cookie } = await startLogin();
    expect(options).toMatchObject({ rpId: 'localhost', userVerification: 'required' });
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(cookie).toBeDefined();

    const res = await finishLogin(browser, cookie, authenticator.authenticate(options, { origin: ORIGIN }));

    expect(res.errors).toBeUndefined();
    expect(res.data!.finishPasskeyLogin.user.email).toBe(email);
    expect(res.setCookies.some((c) => /^refresh_token=[^;]+/.test(c))).toBe(true);
    expect(res.setCookies.some((c) => /^passkey_login=;/.test(c))).toBe(true);
    expect((await browser.gql(ME)).data?.me.email).toBe(email);
    expect((await browser.refresh()).errors).toBeUndefined();
    expect((await client.gql(SESSIONS, {})).data!.sessions).toHaveLength(2);
    expect((await client.gql(PASSKEYS)).data!.passkeys[0]!.lastUsedAt).not.toBeNull();
  });

  it('satisfies two-factor: an account with TOTP signs in with its passkey alone', async () => {
    const { client, email, password, authenticator } = await withPasskey();
    const setup = (await client.gql(START_TOTP_SETUP, { input: { password } })).data!.startTotpSetup;
    const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.secret) }).generate();
    expect((await client.gql(CONFIRM_TOTP_SETUP, { input: { code } })).errors).toBeUndefined();
    expect(errorCode(await server().client().gql(LOGIN, { input: { email, password } }))).toBe('MFA_REQUIRED');

    const { options, browser, cookie } = await startLogin();
    const res = await finishLogin(browser, cookie, authenticator.authenticate(options, { origin: ORIGIN }));

    expect(res.errors).toBeUndefined();
    expect((await browser.gql(ME)).data?.me.email).toBe(email);
  });

  it('refuses a passkey this server does not know', async () => {
    const { options, browser, cookie } = await startLogin();
    const stranger = new SoftAuthenticator();
    stranger.register(await registrationOptions((await signedIn()).client), { origin: ORIGIN }); // never finished

    const res = await finishLogin(browser, cookie, stranger.authenticate(options, { origin: ORIGIN }));

    expect(errorCode(res)).toBe('PASSKEY_REFUSED');
    expect(message(res)).toBe("This passkey isn't registered here");
  });

  it('refuses an answer for another origin or another RP ID', async () => {
    const { authenticator } = await withPasskey();
    for (const where of [{ origin: 'http://evil.example' }, { origin: ORIGIN, rpId: 'evil.example' }]) {
      const { options, browser, cookie } = await startLogin();
      const answer = authenticator.authenticate(options, { ...where, credential: authenticator.credentials[0] });
      const res = await finishLogin(browser, cookie, answer);
      expect(errorCode(res)).toBe('PASSKEY_REFUSED');
      expect(message(res)).toBe("The passkey couldn't be verified, try again");
    }
  });

  it('accepts an answer once: a replay of it is refused', async () => {
    const { authenticator } = await withPasskey(new SoftAuthenticator({ counter: 'zero' }));
    const { options, browser, cookie } = await startLogin();
    const answer = authenticator.authenticate(options, { origin: ORIGIN });

    const results = await Promise.all([finishLogin(browser, cookie, answer), finishLogin(browser, cookie, answer)]);
    const replayed = await finishLogin(browser, cookie, answer);

    expect(results.filter((r) => r.errors === undefined)).toHaveLength(1);
    expect(errorCode(replayed)).toBe('PASSKEY_REFUSED');
    expect(message(replayed)).toBe('The request expired, try again');
  });

  it('refuses an answer without the cookie of the browser that started it', async () => {
    const { authenticator } = await withPasskey();
    const { options, browser } = await startLogin();
    const other = await startLogin();

    const res = await finishLogin(browser, other.cookie, authenticator.authenticate(options, { origin: ORIGIN }));
    const none = await finishLogin(browser, undefined, authenticator.authenticate(options, { origin: ORIGIN }));

    expect(message(res)).toBe("The passkey couldn't be verified, try again");
    expect(message(none)).toBe('The request expired, try again');
  });

  it('refuses an expired challenge', async () => {
    const { authenticator } = await withPasskey();
    const { options, browser, cookie } = await startLogin();
    await server().db.models.PasskeyChallenge.updateOne(
      { _id: options.challenge },
      { $set: { expiresAt: new Date(Date.now() - 1_000) } },
    );

    const res = await finishLogin(browser, cookie, authenticator.authenticate(options, { origin: ORIGIN }));

    expect(errorCode(res)).toBe('PASSKEY_REFUSED');
    expect(message(res)).toBe('The request expired, try again');
  });

  it('refuses a counter that went back (a copied authenticator), and accepts synced passkeys at 0', async () => {
    const { authenticator } = await withPasskey();
    const first = await startLogin();
    expect(
      (await finishLogin(first.browser, first.cookie, authenticator.authenticate(first.options, { origin: ORIGIN })))
        .errors,
    ).toBeUndefined();
    const second = await startLogin();
    const stale = authenticator.authenticate(second.options, { origin: ORIGIN, counter: 1 });

    const res = await finishLogin(second.browser, second.cookie, stale);
    expect(errorCode(res)).toBe('PASSKEY_REFUSED');
    expect(message(res)).toMatch(/older use count/);

    const synced = await withPasskey(new SoftAuthenticator({ counter: 'zero' }));
    for (let i = 0; i < 2; i++) {
      const { options, browser, cookie } = await startLogin();
      const ok = await finishLogin(browser, cookie, synced.authenticator.authenticate(options, { origin: ORIGIN }));
      expect(ok.errors).toBeUndefined();
    }
  });

  it('counts failures toward the login limits of the account', async () => {
    const { authenticator } = await withPasskey();
    const ip = '198.51.100.23';
    const codes: unknown[] = [];
    for (let i = 0; i < 6; i++) {
      const { options, cookie } = await startLogin();
      const browser = server().client({ ip });
      const res = await finishLogin(
        browser,
        cookie,
        authenticator.authenticate(options, { origin: 'http://evil.example' }),
      );
      codes.push(errorCode(res));
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('PASSKEY_REFUSED'));
    expect(codes[5]).toBe('RATE_LIMITED');
  });
});

describe('removing a passkey', () => {
  it("removes one of the caller's own, records and mails it, and it no longer signs in", async () => {
    const { client, email } = await signedIn();
    const authenticator = new SoftAuthenticator();
    await addPasskey(client, authenticator);
    const id = authenticator.credentials[0]!.id;

    expect((await client.gql(DELETE_PASSKEY, { id })).data?.deletePasskey).toBe(true);

    expect((await client.gql(PASSKEYS)).data!.passkeys).toEqual([]);
    await server().mailbox.waitFor((m) => m.to.includes(email) && m.subject === 'A passkey was removed');
    const { options, browser, cookie } = await startLogin();
    const res = await finishLogin(browser, cookie, authenticator.authenticate(options, { origin: ORIGIN }));
    expect(message(res)).toBe("This passkey isn't registered here");
  });

  // guards: removing a passkey needs the same recent sign-in as adding one (issue 19 §5).
  it('asks for a sign-in within 10 minutes, like adding one', async () => {
    const { client, password } = await signedIn();
    const authenticator = new SoftAuthenticator();
    await addPasskey(client, authenticator);
    const id = authenticator.credentials[0]!.id;
    await ageSession(client, 11);

    expect(errorCode(await client.gql(DELETE_PASSKEY, { id }))).toBe('REAUTHENTICATION_REQUIRED');
    expect((await client.gql(PASSKEYS)).data!.passkeys).toHaveLength(1);
    expect((await client.gql(REAUTHENTICATE, { input: { password } })).data?.reauthenticate).toBe(true);
    expect((await client.gql(DELETE_PASSKEY, { id })).data?.deletePasskey).toBe(true);
  });

  it("never removes another user's", async () => {
    const owner = await signedIn();
    const authenticator = new SoftAuthenticator();
    await addPasskey(owner.client, authenticator);
    const other = await signedIn();

    const res = await other.client.gql(DELETE_PASSKEY, { id: authenticator.credentials[0]!.id });

    expect(errorCode(res)).toBe('FORBIDDEN');
    expect((await owner.client.gql(PASSKEYS)).data!.passkeys).toHaveLength(1);
  });
});

describe('an app served from an IP address', () => {
  it('has passkeys off: each ceremony says why, and everything else works', async () => {
    await withTestServer({ APP_URL: 'http://127.0.0.1:3000' }, async (ipServer) => {
      const client = ipServer.client();
      await client.register(uniqueEmail());
      for (const res of [await client.gql(START_PASSKEY_REGISTRATION), await client.gql(START_PASSKEY_LOGIN)]) {
        expect(errorCode(res)).toBe('FORBIDDEN');
        expect(message(res)).toMatch(/^Passkeys are not available: the app is served from an IP address/);
      }
      expect((await client.gql(ME)).errors).toBeUndefined();
    });
  });
});
