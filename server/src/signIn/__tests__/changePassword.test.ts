// changePassword (signIn/changePassword.ts): the current password, one write that ends every
// older session, this device kept signed in under a renewed id, limits. Its races with a
// login and a refresh are specified beside it in changePasswordRace.test.ts.
import { CHANGE_PASSWORD, ME, REFRESH, SESSIONS } from '../../testing/operations';
import { errorCode, signedInOnTwoDevices, useTestServer, withTestServer } from '../../testing/testServer';

describe('changePassword', () => {
  const server = useTestServer();

  const signedInTwice = () => signedInOnTwoDevices(server());

  it('checks the current password, revokes the other sessions and keeps this device signed in with a new cookie', async () => {
    const { laptop, phone, email, password } = await signedInTwice();
    const oldCookie = laptop.cookie;
    const oldAccess = laptop.accessToken;
    const before = (await laptop.gql(SESSIONS)).data!.sessions.find((s) => s.current)!;
    const res = await laptop.gql(CHANGE_PASSWORD, {
      input: { currentPassword: password, newPassword: 'a brand new password' },
    });
    expect(res.errors).toBeUndefined();
    laptop.accessToken = res.data!.changePassword.accessToken;
    expect(laptop.cookie).toBeDefined();
    expect(laptop.cookie).not.toBe(oldCookie);
    // Other device: out at once, access and refresh alike.
    expect(errorCode(await phone.gql(ME))).toBe('UNAUTHENTICATED');
    expect(errorCode(await phone.refresh())).toBe('UNAUTHENTICATED');
    // This device: still signed in, and its old refresh token no longer works.
    expect((await laptop.gql(ME)).errors).toBeUndefined();
    const sessions = await laptop.gql(SESSIONS);
    expect(sessions.data?.sessions).toHaveLength(1);
    // The same device session as the user sees it, under a renewed id.
    const after = sessions.data!.sessions[0]!;
    expect(after).toMatchObject({
      current: true,
      userAgent: 'laptop',
      ipAddress: before.ipAddress,
      createdAt: before.createdAt,
    });
    expect(after.id).not.toBe(before.id);
    // A token minted before the change no longer works, even this device's own.
    expect(errorCode(await laptop.gql(ME, undefined, { token: oldAccess }))).toBe('UNAUTHENTICATED');
    const newCookie = laptop.cookie;
    expect(errorCode(await laptop.gql(REFRESH, undefined, { cookie: oldCookie, token: null }))).toBe('UNAUTHENTICATED');
    laptop.cookie = newCookie; // the refused request above cleared the client's cookie
    expect((await laptop.refresh()).errors).toBeUndefined();
    // Only the new password signs in.
    expect(errorCode(await server().client().login(email, password))).toBe('UNAUTHENTICATED');
    expect((await server().client().login(email, 'a brand new password')).errors).toBeUndefined();
  });

  it('refuses a wrong current password with BAD_USER_INPUT and changes nothing', async () => {
    const { laptop, phone, email, password } = await signedInTwice();
    const res = await laptop.gql(CHANGE_PASSWORD, {
      input: { currentPassword: 'not it at all', newPassword: 'a brand new password' },
    });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect((await phone.gql(ME)).errors).toBeUndefined();
    expect((await server().client().login(email, password)).errors).toBeUndefined();
  });

  it('refuses a new password that is too short', async () => {
    const { laptop, password } = await signedInTwice();
    const res = await laptop.gql(CHANGE_PASSWORD, { input: { currentPassword: password, newPassword: 'short' } });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe('newPassword');
  });

  it('allows PASSWORD_CHANGE_MAX changes per window, then answers RATE_LIMITED', () =>
    withTestServer({ PASSWORD_CHANGE_MAX: '2' }, async (server) => {
      const client = server.client();
      await client.register(undefined, 'password number 0');
      const change = async (n: number) => {
        const input = { currentPassword: `password number ${n}`, newPassword: `password number ${n + 1}` };
        const res = await client.gql(CHANGE_PASSWORD, { input });
        if (res.data) client.accessToken = res.data.changePassword.accessToken;
        return res;
      };
      expect((await change(0)).errors).toBeUndefined();
      expect((await change(1)).errors).toBeUndefined();
      expect(errorCode(await change(2))).toBe('RATE_LIMITED');
    }));
});
