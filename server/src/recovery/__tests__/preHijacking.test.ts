// guards: pre-hijacked accounts (issue 19 §1; ASVS 5.0 V6.4.3; Sudhodanan & Paverd 2022, the
// "unexpired credential" attack). Someone registers another person's address and adds a sign-in
// method before the address is confirmed; the owner later takes the account back with a reset.
// Black-box: real API, real database, real SMTP listener, a software WebAuthn authenticator.
import { randomBytes } from 'node:crypto';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { totpCode } from '../../testing/totpCodes';
import {
  CONFIRM_TOTP_SETUP,
  FINISH_PASSKEY_LOGIN,
  FINISH_PASSKEY_REGISTRATION,
  ME_MFA,
  RESET_PASSWORD,
  START_PASSKEY_LOGIN,
  START_PASSKEY_REGISTRATION,
  START_TOTP_SETUP,
} from '../../testing/operations';
import { SoftAuthenticator } from '../../testing/softAuthenticator';
import { errorCode, uniqueEmail, useTestServer } from '../../testing/testServer';
import type { TestClient } from '../../testing/testServer';

const APP_URL = 'http://localhost:3000';
const OWNER_PASSWORD = 'the owner chose this one';
const server = useTestServer({ APP_URL });

/** The code an authenticator app shows now for `secret`. */
const codeNow = (secret: string) => totpCode(server(), secret);

/** The intruder registers the victim's address (which they cannot read mail at). */
async function intruderRegisters() {
  const intruder = server().client();
  const { email, password } = await intruder.register(uniqueEmail());
  return { intruder, email, password };
}

/** A passkey added through the API by `client`, from `authenticator`. */
async function addPasskey(client: TestClient, authenticator: SoftAuthenticator) {
  const options = (await client.gql(START_PASSKEY_REGISTRATION)).data?.startPasskeyRegistration;
  expect(options).toBeDefined();
  const res = await client.gql(FINISH_PASSKEY_REGISTRATION, {
    response: authenticator.register(options as PublicKeyCredentialCreationOptionsJSON, { origin: APP_URL }),
    name: 'Intruder',
  });
  expect(res.errors).toBeUndefined();
}

/** TOTP turned on through the API by `client`; returns the recovery codes. */
async function addTotp(client: TestClient, password: string) {
  const setup = (await client.gql(START_TOTP_SETUP, { input: { password } })).data!.startTotpSetup;
  const confirmed = await client.gql(CONFIRM_TOTP_SETUP, { input: { code: codeNow(setup.secret) } });
  expect(confirmed.errors).toBeUndefined();
  return confirmed.data!.confirmTotpSetup;
}

/**
 * What an older version let an intruder do: a passkey, TOTP and recovery codes on an account whose
 * address nobody confirmed. The account is marked verified for the while, then unmarked.
 */
async function plantedByOlderVersion(intruder: TestClient, email: string, password: string) {
  const { User } = server().db.models;
  await User.updateOne({ email }, { $set: { emailVerifiedAt: server().now() } });
  const authenticator = new SoftAuthenticator();
  await addPasskey(intruder, authenticator);
  const recoveryCodes = await addTotp(intruder, password);
  await User.updateOne({ email }, { $set: { emailVerifiedAt: null } });
  return { authenticator, recoveryCodes };
}

/** A passkey sign-in from a fresh browser with `authenticator`. */
async function passkeySignIn(authenticator: SoftAuthenticator) {
  const browser = server().client();
  const start = await browser.gql(START_PASSKEY_LOGIN, undefined, { cookie: null });
  const cookie = start.setCookies.map((c) => /^passkey_login=([^;]*)/.exec(c)?.[1]).find(Boolean);
  const options = start.data!.startPasskeyLogin as PublicKeyCredentialRequestOptionsJSON;
  return browser.gql(
    FINISH_PASSKEY_LOGIN,
    { response: authenticator.authenticate(options, { origin: APP_URL }) },
    { cookie: null, headers: { cookie: `passkey_login=${cookie}` } },
  );
}

/** The owner resets the password from the link mailed to their address. */
async function ownerResets(email: string) {
  const after = server().mailbox.received.length;
  const token = await server().resetToken(email);
  const res = await server()
    .client()
    .gql(RESET_PASSWORD, { input: { token, newPassword: OWNER_PASSWORD } });
  expect(res.data?.resetPassword).toBe(true);
  return after;
}

describe('adding a sign-in method before the address is confirmed', () => {
  it('refuses startPasskeyRegistration and finishPasskeyRegistration with EMAIL_NOT_VERIFIED', async () => {
    const { intruder, email } = await intruderRegisters();
    const options = {
      rp: { id: 'localhost', name: 'test' },
      user: { id: randomBytes(16).toString('base64url'), name: email, displayName: email },
      challenge: randomBytes(32).toString('base64url'),
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
    } as PublicKeyCredentialCreationOptionsJSON;

    const start = await intruder.gql(START_PASSKEY_REGISTRATION);
    const finish = await intruder.gql(FINISH_PASSKEY_REGISTRATION, {
      response: new SoftAuthenticator().register(options, { origin: APP_URL }),
      name: null,
    });

    expect(errorCode(start)).toBe('EMAIL_NOT_VERIFIED');
    expect(errorCode(finish)).toBe('EMAIL_NOT_VERIFIED');
    expect(await server().db.models.Passkey.countDocuments({ userId: (await userOf(email))._id })).toBe(0);
  });

  it('refuses startTotpSetup and confirmTotpSetup with EMAIL_NOT_VERIFIED', async () => {
    const { intruder, email, password } = await intruderRegisters();

    const start = await intruder.gql(START_TOTP_SETUP, { input: { password } });
    const confirm = await intruder.gql(CONFIRM_TOTP_SETUP, { input: { code: '123456' } });

    expect(errorCode(start)).toBe('EMAIL_NOT_VERIFIED');
    expect(errorCode(confirm)).toBe('EMAIL_NOT_VERIFIED');
    expect((await intruder.gql(ME_MFA)).data?.me.mfaEnabled).toBe(false);
    expect(await server().db.models.TotpSetup.countDocuments({ _id: (await userOf(email))._id.toHexString() })).toBe(0);
  });

  it('allows both once the owner has confirmed the address', async () => {
    const client = server().client();
    const { email, password } = await client.register(uniqueEmail());
    await server().confirmEmail(email);

    await addPasskey(client, new SoftAuthenticator());
    expect((await addTotp(client, password)).length).toBe(10);
  });
});

describe('resetting the password of an account whose address was never confirmed', () => {
  it("removes the passkeys, TOTP and recovery codes added before, so the intruder's passkey no longer signs in", async () => {
    const { intruder, email, password } = await intruderRegisters();
    const { authenticator } = await plantedByOlderVersion(intruder, email, password);
    expect((await passkeySignIn(authenticator)).data?.finishPasskeyLogin.user.email).toBe(email); // the attack

    const after = await ownerResets(email);

    const replay = await passkeySignIn(authenticator);
    expect(replay.data ?? null).toBeNull();
    expect(errorCode(replay)).toBe('PASSKEY_REFUSED');
    const owner = server().client();
    expect((await owner.login(email, OWNER_PASSWORD)).errors).toBeUndefined(); // one step: no intruder's TOTP
    expect((await owner.gql(ME_MFA)).data?.me.mfaEnabled).toBe(false);
    const { _id: userId } = await userOf(email);
    const { Passkey, RecoveryCode } = server().db.models;
    expect(await Passkey.countDocuments({ userId })).toBe(0);
    expect(await RecoveryCode.countDocuments({ userId })).toBe(0);
    const box = server().mailbox;
    const notice = await box.waitFor(
      (m) => m.to.includes(email) && m.subject === 'Your password was changed' && box.received.indexOf(m) >= after,
    );
    expect(notice.text).toContain(
      'passkeys, two-factor authentication and recovery codes added before it were removed',
    );
  });

  it('leaves nothing usable when it fails after removing the passkeys: still unverified, passkey gone', async () => {
    const { intruder, email, password } = await intruderRegisters();
    const { authenticator } = await plantedByOlderVersion(intruder, email, password);
    const users = server().services.users;
    const setPasswordHash = users.setPasswordHash;
    users.setPasswordHash = () => Promise.reject(new Error('simulated crash before the password write'));
    try {
      const token = await server().resetToken(email);
      const res = await server()
        .client()
        .gql(RESET_PASSWORD, { input: { token, newPassword: OWNER_PASSWORD } });
      expect(errorCode(res)).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      users.setPasswordHash = setPasswordHash;
    }

    expect(errorCode(await passkeySignIn(authenticator))).toBe('PASSKEY_REFUSED');
    expect((await userOf(email)).emailVerifiedAt ?? null).toBeNull();
    await ownerResets(email); // the owner asks again and takes the account back
    expect((await server().client().login(email, OWNER_PASSWORD)).errors).toBeUndefined();
  });

  it('keeps the passkeys of an account whose address was confirmed before the reset', async () => {
    const client = server().client();
    const { email } = await client.register(uniqueEmail());
    await server().confirmEmail(email);
    const authenticator = new SoftAuthenticator();
    await addPasskey(client, authenticator);

    await ownerResets(email);

    expect((await passkeySignIn(authenticator)).data?.finishPasskeyLogin.user.email).toBe(email);
  });
});

async function userOf(email: string) {
  const user = await server().db.models.User.findOne({ email }).lean();
  if (!user) throw new Error(`no account ${email}`);
  return user;
}
