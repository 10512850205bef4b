// guards: a stranger's failures cannot lock the owner out (issue 10 §6, OWASP device cookies).
import { createDeviceCookies } from '../deviceCookie';
import { LOGIN, REGISTER } from '../../testing/operations';
import { errorCode, useTestServer, uniqueEmail } from '../../testing/testServer';
import type { TestClient } from '../../testing/testServer';

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

describe('device cookies', () => {
  const devices = createDeviceCookies('a secret of at least thirty-two bytes, for tests');

  it('verifies a cookie for the account it was issued to, and no other', () => {
    const cookie = devices.issue('owner@example.com');
    expect(devices.verify(cookie, 'owner@example.com')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(devices.verify(cookie, 'someone@example.com')).toBeNull();
  });

  it.each([undefined, '', 'garbage', 42, 'a.b'])('refuses %p', (value) => {
    expect(devices.verify(value, 'owner@example.com')).toBeNull();
  });

  it('refuses a cookie signed under another secret', () => {
    const cookie = createDeviceCookies('another secret of at least thirty-two bytes!').issue('owner@example.com');
    expect(devices.verify(cookie, 'owner@example.com')).toBeNull();
  });
});
