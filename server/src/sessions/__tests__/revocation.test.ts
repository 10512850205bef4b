import { print } from 'graphql';
import { errorCode, signedInOnTwoDevices, uniqueEmail, useTestServer, withTestServer } from '../../testing/testServer';
import type { TestClient } from '../../testing/testServer';
import { ME, SESSIONS, LOGOUT, LOGOUT_ALL, REFRESH, REVOKE_SESSION } from '../../testing/operations';

const sessionCount = async (client: TestClient) => (await client.gql(SESSIONS)).data?.sessions.length;

describe('session revocation', () => {
  const server = useTestServer();

  const signedInTwice = () => signedInOnTwoDevices(server());

  describe('sessions', () => {
    it('lists the live sessions with device, address and the current one marked', async () => {
      const { laptop, phone } = await signedInTwice();
      const res = await laptop.gql(SESSIONS);
      expect(res.data?.sessions).toHaveLength(2);
      const current = res.data!.sessions.filter((s) => s.current);
      expect(current).toHaveLength(1);
      expect(current[0]!.userAgent).toBe('laptop');
      expect(current[0]!.ipAddress).toBe(laptop.ip);
      expect(res.data!.sessions.find((s) => !s.current)?.ipAddress).toBe(phone.ip);
    });

    it('bounds the page size with `first` and refuses values out of range', async () => {
      const { laptop } = await signedInTwice();
      const one = await laptop.gql(SESSIONS, { first: 1 });
      expect(one.data?.sessions).toHaveLength(1);
      expect(errorCode(await laptop.gql(SESSIONS, { first: 101 }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await laptop.gql(SESSIONS, { first: 0 }))).toBe('BAD_USER_INPUT');
    });
  });

  describe('logout', () => {
    it('needs only the refresh cookie: revokes that session and clears the cookie with the same Path', async () => {
      const { laptop, phone } = await signedInTwice();
      const access = laptop.accessToken;
      const res = await laptop.gql(LOGOUT, undefined, { token: null });
      expect(res.data?.logout).toBe(true);
      expect(res.setCookies.join()).toMatch(/refresh_token=;.*Path=\/graphql.*HttpOnly.*SameSite=Strict/);
      expect(errorCode(await laptop.gql(ME, undefined, { token: access }))).toBe('UNAUTHENTICATED');
      expect(errorCode(await laptop.refresh())).toBe('UNAUTHENTICATED');
      // The other device is untouched.
      expect((await phone.gql(ME)).errors).toBeUndefined();
    });

    it('works with an access token too, and with an expired access token', async () => {
      const { laptop } = await signedInTwice();
      const cookie = laptop.cookie;
      const res = await laptop.gql(LOGOUT, undefined, { token: 'expired.or.garbage' });
      expect(res.data?.logout).toBe(true);
      expect(errorCode(await laptop.gql(REFRESH, undefined, { cookie, token: null }))).toBe('UNAUTHENTICATED');
    });

    it('returns true when there is nothing to revoke', async () => {
      const res = await server().client().gql(LOGOUT);
      expect(res.errors).toBeUndefined();
      expect(res.data?.logout).toBe(true);
    });
  });

  describe('logoutAll', () => {
    it('revokes every session of the caller and no one else’s', async () => {
      const { laptop, phone } = await signedInTwice();
      const stranger = server().client();
      await stranger.register();
      const phoneAccess = phone.accessToken;
      expect((await laptop.gql(LOGOUT_ALL)).data?.logoutAll).toBe(true);
      expect(errorCode(await phone.gql(ME, undefined, { token: phoneAccess }))).toBe('UNAUTHENTICATED');
      expect(errorCode(await phone.refresh())).toBe('UNAUTHENTICATED');
      expect(errorCode(await laptop.refresh())).toBe('UNAUTHENTICATED');
      expect((await stranger.gql(ME)).errors).toBeUndefined();
    });

    it('requires an access token', async () => {
      expect(errorCode(await server().client().gql(LOGOUT_ALL))).toBe('UNAUTHENTICATED');
    });
  });

  describe('revokeSession', () => {
    it('revokes another session of the caller', async () => {
      const { laptop, phone } = await signedInTwice();
      const list = await laptop.gql(SESSIONS);
      const phoneSession = list.data!.sessions.find((s) => !s.current)!;
      const res = await laptop.gql(REVOKE_SESSION, { id: phoneSession.id });
      expect(res.data?.revokeSession).toBe(true);
      expect(errorCode(await phone.gql(ME))).toBe('UNAUTHENTICATED');
      expect((await laptop.gql(ME)).errors).toBeUndefined();
    });

    it('cannot touch another user’s session: FORBIDDEN, and that session still works', async () => {
      const { laptop } = await signedInTwice();
      const victim = server().client();
      await victim.register();
      const victimSession = (await victim.gql(SESSIONS)).data!.sessions[0]!;
      const res = await laptop.gql(REVOKE_SESSION, { id: victimSession.id });
      expect(errorCode(res)).toBe('FORBIDDEN');
      expect((await victim.gql(ME)).errors).toBeUndefined();
      expect((await victim.refresh()).errors).toBeUndefined();
    });

    it('answers FORBIDDEN for an id that does not exist, and treats an operator object as a plain value', async () => {
      const { laptop } = await signedInTwice();
      expect(errorCode(await laptop.gql(REVOKE_SESSION, { id: 'no-such-session' }))).toBe('FORBIDDEN');
      const injected = await laptop.gql(print(REVOKE_SESSION), { id: { $ne: 'x' } });
      expect(errorCode(injected)).toBe('BAD_USER_INPUT');
      expect((await laptop.gql(SESSIONS)).data?.sessions).toHaveLength(2);
    });
  });
});

describe('sessions per user', () => {
  it('ends the least recently used session past MAX_SESSIONS_PER_USER', () =>
    withTestServer({ MAX_SESSIONS_PER_USER: '3' }, async (server) => {
      const email = uniqueEmail();
      const oldest = server.client();
      await oldest.register(email, 'the right password');
      const others = [server.client(), server.client(), server.client()];
      for (const client of others) expect((await client.login(email, 'the right password')).errors).toBeUndefined();
      expect(errorCode(await oldest.refresh())).toBe('UNAUTHENTICATED');
      expect(await sessionCount(others[2]!)).toBe(3);
      expect((await others[0]!.refresh()).errors).toBeUndefined();
    }));
});
