// guards: a stranger's failures cannot lock the owner out (issue 10 §6, OWASP device cookies).
import { createDeviceCookies } from '../deviceCookie';
import { CHANGE_PASSWORD, LOGIN, REGISTER, RESET_PASSWORD } from '../../testing/operations';
import { errorCode, useTestServer, uniqueEmail } from '../../testing/testServer';
import type { TestClient, TestServer } from '../../testing/testServer';

const PASSWORD = 'the right password';

/** The `device=` value a response set, if any. */
const deviceCookieOf = (setCookies: string[]) =>
  setCookies.map((c) => /^device=([^;]*)/.exec(c)?.[1]).find((v) => v !== undefined);

function loginWithDevice(client: TestClient, email: string, password: string, device: string | undefined) {
  const cookies = [client.cookie && `refresh_token=${client.cookie}`, device && `device=${device}`].filter(Boolean);
  return client.gql(LOGIN, { input: { email, password } }, { headers: { cookie: cookies.join('; ') } });
}

describe('login from a device that signed in before', () => {
  const server = useTestServer();

  it("keeps the owner's device signing in while the account-wide limit refuses everyone else", async () => {
    const email = uniqueEmail();
    await server().client().register(email, PASSWORD);
    const owner = server().client();
    const first = await loginWithDevice(owner, email, PASSWORD, undefined);
    const device = deviceCookieOf(first.setCookies);
    expect(device).toBeDefined();

    // 20 failures from four other addresses: the account-wide limit (20) is full.
    for (const ip of ['192.0.2.11', '192.0.2.12', '192.0.2.13', '192.0.2.14']) {
      const attacker = server().client({ ip });
      for (let i = 0; i < 5; i++)
        expect(errorCode(await attacker.login(email, 'a wrong guess'))).toBe('UNAUTHENTICATED');
    }

    expect((await loginWithDevice(owner, email, PASSWORD, device)).errors).toBeUndefined();
    expect(errorCode(await server().client().login(email, PASSWORD))).toBe('RATE_LIMITED');
  });

  it("treats another account's device cookie, or a forged one, as no device cookie", async () => {
    const victim = uniqueEmail();
    const other = uniqueEmail();
    await server().client().register(victim, PASSWORD);
    const registered = await server()
      .client()
      .gql(REGISTER, { input: { email: other, password: PASSWORD } });
    const otherDevice = deviceCookieOf(registered.setCookies);
    expect(otherDevice).toBeDefined();
    for (const ip of ['192.0.2.21', '192.0.2.22', '192.0.2.23', '192.0.2.24']) {
      const attacker = server().client({ ip });
      for (let i = 0; i < 5; i++) await attacker.login(victim, 'a wrong guess');
    }
    for (const cookie of [otherDevice, 'AAAAAAAAAAAAAAAAAAAAAA.' + 'A'.repeat(43)]) {
      expect(errorCode(await loginWithDevice(server().client(), victim, PASSWORD, cookie))).toBe('RATE_LIMITED');
    }
  });
});

/** 20 failures from four other addresses: the account-wide limit (20) is full. */
async function fillAccountWideLimit(server: TestServer, email: string, network: string) {
  for (const host of [1, 2, 3, 4]) {
    const attacker = server.client({ ip: `${network}${host}` });
    for (let i = 0; i < 5; i++) expect(errorCode(await attacker.login(email, 'a wrong guess'))).toBe('UNAUTHENTICATED');
  }
}

// guards: issue 19 item 7 — a device cookie is bound to the password it signed in under.
describe('a device cookie after a new password', () => {
  const server = useTestServer();

  it('counts as a stranger after a password change: the account-wide limit refuses it; the changing device gets a fresh one', async () => {
    const email = uniqueEmail();
    await server().client().register(email, PASSWORD);
    const laptop = server().client();
    const old = deviceCookieOf((await loginWithDevice(laptop, email, PASSWORD, undefined)).setCookies);
    const phone = server().client();
    const phoneLogin = await loginWithDevice(phone, email, PASSWORD, undefined);
    phone.accessToken = phoneLogin.data!.login.accessToken;
    const newPassword = 'a brand new passphrase';
    const changed = await phone.gql(
      CHANGE_PASSWORD,
      { input: { currentPassword: PASSWORD, newPassword } },
      { headers: { cookie: `refresh_token=${phone.cookie}; device=${deviceCookieOf(phoneLogin.setCookies)}` } },
    );
    expect(changed.errors).toBeUndefined();
    const fresh = deviceCookieOf(changed.setCookies);

    await fillAccountWideLimit(server(), email, '192.0.2.3');

    expect(errorCode(await loginWithDevice(server().client(), email, newPassword, old))).toBe('RATE_LIMITED');
    expect(fresh).toBeDefined();
    expect((await loginWithDevice(server().client(), email, newPassword, fresh)).errors).toBeUndefined();
  });

  it('counts as a new device after a password reset: signing in with it mails "New sign-in"', async () => {
    const email = uniqueEmail();
    await server().client().register(email, PASSWORD);
    const old = deviceCookieOf((await loginWithDevice(server().client(), email, PASSWORD, undefined)).setCookies);
    const token = await server().resetToken(email);
    const newPassword = 'a brand new passphrase';
    expect((await server().client().gql(RESET_PASSWORD, { input: { token, newPassword } })).data?.resetPassword).toBe(
      true,
    );
    await server().services.drainMail(5_000);
    const newDeviceMails = () =>
      server().mailbox.received.filter((m) => m.to.includes(email) && m.subject === 'New sign-in to your account');
    const earlier = newDeviceMails().length;

    expect((await loginWithDevice(server().client(), email, newPassword, old)).errors).toBeUndefined();
    await server().services.drainMail(5_000);

    expect(newDeviceMails()).toHaveLength(earlier + 1);
  });
});

describe('device cookies', () => {
  const devices = createDeviceCookies('a secret of at least thirty-two bytes, for tests');
  const owner = { email: 'owner@example.com', credentialVersion: 'v1' };

  it('verifies a cookie for the account it was issued to, and no other', () => {
    const cookie = devices.issue(owner);
    expect(devices.verify(cookie, owner)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(devices.verify(cookie, { ...owner, email: 'someone@example.com' })).toBeNull();
  });

  it('refuses a cookie issued under another password (credential version)', () => {
    const cookie = devices.issue(owner);
    expect(devices.verify(cookie, { ...owner, credentialVersion: 'v2' })).toBeNull();
  });

  it.each([undefined, '', 'garbage', 42, 'a.b'])('refuses %p', (value) => {
    expect(devices.verify(value, owner)).toBeNull();
  });

  it('refuses a cookie signed under another secret', () => {
    const cookie = createDeviceCookies('another secret of at least thirty-two bytes!').issue(owner);
    expect(devices.verify(cookie, owner)).toBeNull();
  });
});
