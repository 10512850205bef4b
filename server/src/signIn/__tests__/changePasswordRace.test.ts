// guards: a password change takes effect in one write (issue 10 §4). A login that read the old
// hash before the change, or any session signed in before it, is refused afterwards, even when
// the change's later writes (renew, revoke the others) never happen.
import { CHANGE_PASSWORD, ME, REFRESH, RESET_PASSWORD } from '../../testing/operations';
import { errorCode, useTestServer } from '../../testing/testServer';
import type { TestClient } from '../../testing/testServer';

const OLD = 'correct horse battery';
const NEW = 'a brand new passphrase';

/** changePassword from this client, which keeps the new access token it is given. */
async function changePassword(client: TestClient) {
  const res = await client.gql(CHANGE_PASSWORD, {
    input: { currentPassword: OLD, newPassword: NEW },
  });
  if (res.data?.changePassword) client.accessToken = res.data.changePassword.accessToken;
  return res;
}

/** Refused everywhere: its access token answers UNAUTHENTICATED, and so does its refresh token. */
async function expectSignedOut(client: TestClient) {
  expect(errorCode(await client.gql(ME))).toBe('UNAUTHENTICATED');
  expect(errorCode(await client.refresh())).toBe('UNAUTHENTICATED');
}

describe('changePassword racing a login with the old password', () => {
  const server = useTestServer();

  it('refuses a session whose login read the old hash before the change and finished after it', async () => {
    const owner = server().client();
    const { email } = await owner.register(undefined, OLD);
    const users = server().services.users;
    const byEmail = users.byEmail;
    let readOldHash!: () => void;
    const oldHashRead = new Promise<void>((resolve) => (readOldHash = resolve));
    let releaseLogin!: () => void;
    const loginReleased = new Promise<void>((resolve) => (releaseLogin = resolve));
    users.byEmail = async (address) => {
      const user = await byEmail(address);
      users.byEmail = byEmail;
      readOldHash();
      await loginReleased;
      return user;
    };

    const attacker = server().client();
    const login = attacker.login(email, OLD);
    await oldHashRead;
    expect((await changePassword(owner)).errors).toBeUndefined();
    releaseLogin();

    // The login itself succeeds (it checked the password it read): this is the race.
    expect((await login).errors).toBeUndefined();
    await expectSignedOut(attacker);
    expect((await owner.gql(ME)).errors).toBeUndefined();
  });

  it('leaves no old-password login alive when several run during the change', async () => {
    const owner = server().client();
    const { email } = await owner.register(undefined, OLD);
    const attackers = Array.from({ length: 6 }, () => server().client());
    const [change, ...logins] = await Promise.all([
      changePassword(owner),
      ...attackers.map((attacker) => attacker.login(email, OLD)),
    ]);
    expect(change!.errors).toBeUndefined();
    for (const [i, attacker] of attackers.entries()) {
      if (logins[i]!.errors) expect(errorCode(logins[i]!)).toBe('UNAUTHENTICATED');
      else await expectSignedOut(attacker);
    }
  });
});

describe('changePassword racing a refresh of the same device', () => {
  const server = useTestServer();

  // A refresh presenting the device's cookie after the new hash is written is refused (its session
  // is under the old password); it must not also delete the session the change is about to renew.
  it('keeps the device signed in when a refresh lands between the new hash and the renewal', async () => {
    const owner = server().client();
    await owner.register(undefined, OLD);
    const oldCookie = owner.cookie;
    const sessions = server().services.sessions;
    const renew = sessions.renew;
    let refreshed: Awaited<ReturnType<TestClient['gql']>> | undefined;
    sessions.renew = async (...args) => {
      sessions.renew = renew;
      refreshed = await server().client().gql(REFRESH, {}, { cookie: oldCookie });
      return renew(...args);
    };

    const change = await changePassword(owner);

    expect(errorCode(refreshed!)).toBe('UNAUTHENTICATED');
    expect(change.errors).toBeUndefined();
    expect((await owner.gql(ME)).errors).toBeUndefined();
    expect((await owner.refresh()).errors).toBeUndefined();
  });
});

describe('changePassword failing between its writes', () => {
  // No liveness cache: the check reads the database, as another instance would after SESSION_CACHE_TTL.
  const server = useTestServer({ SESSION_CACHE_TTL: '0' });

  it('has already ended every session signed in under the old password', async () => {
    const owner = server().client();
    const { email } = await owner.register(undefined, OLD);
    const otherDevice = server().client();
    expect((await otherDevice.login(email, OLD)).errors).toBeUndefined();
    const sessions = server().services.sessions;
    const renew = sessions.renew;
    sessions.renew = () => Promise.reject(new Error('simulated crash after the password write'));
    try {
      expect(errorCode(await changePassword(owner))).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      sessions.renew = renew;
    }

    await expectSignedOut(otherDevice);
    await expectSignedOut(owner);
    expect(errorCode(await server().client().login(email, OLD))).toBe('UNAUTHENTICATED');
    expect((await server().client().login(email, NEW)).errors).toBeUndefined();
  });
});

// guards: a password change and a password reset cannot overwrite each other (issue 19 §8). Each
// writes only over the credential version it read; the one that read an older version is refused.
describe('changePassword racing a password reset', () => {
  const APP_URL = 'http://app.example.test';
  const server = useTestServer({ APP_URL });
  const RESET = 'the owner reset it to this';

  /** Replaces `users[method]` once: the next call reads the account, then waits until released. */
  function pauseAfter(method: 'ofViewer' | 'byId') {
    const users = server().services.users as unknown as Record<typeof method, (...args: unknown[]) => Promise<unknown>>;
    const original = users[method];
    let read!: () => void;
    const hasRead = new Promise<void>((resolve) => (read = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    users[method] = async (...args) => {
      users[method] = original;
      const user = await original(...args);
      read();
      await released;
      return user;
    };
    return { hasRead, release };
  }

  it('refuses a change that read the account before a reset, and keeps the reset password', async () => {
    const owner = server().client();
    const { email } = await owner.register(undefined, OLD);
    const token = await server().resetToken(email);
    const paused = pauseAfter('ofViewer');

    const change = changePassword(owner);
    await paused.hasRead;
    const reset = await server()
      .client()
      .gql(RESET_PASSWORD, { input: { token, newPassword: RESET } });
    paused.release();

    expect(reset.data?.resetPassword).toBe(true);
    expect(errorCode(await change)).toBe('UNAUTHENTICATED');
    expect(errorCode(await server().client().login(email, NEW))).toBe('UNAUTHENTICATED');
    expect((await server().client().login(email, RESET)).errors).toBeUndefined();
  });

  it('refuses a reset that read the account before a change, and keeps the changed password', async () => {
    const owner = server().client();
    const { email } = await owner.register(undefined, OLD);
    const token = await server().resetToken(email);
    await server().services.drainMail(5_000);
    const paused = pauseAfter('byId');

    const reset = server()
      .client()
      .gql(RESET_PASSWORD, { input: { token, newPassword: RESET } });
    await paused.hasRead;
    const change = await changePassword(owner);
    paused.release();

    expect(change.errors).toBeUndefined();
    expect(errorCode(await reset)).toBe('INVALID_TOKEN');
    expect(errorCode(await server().client().login(email, RESET))).toBe('UNAUTHENTICATED');
    expect((await server().client().login(email, NEW)).errors).toBeUndefined();
  });

  it('lets exactly one of several concurrent changes of one account win', async () => {
    const owner = server().client();
    const { email } = await owner.register(undefined, OLD);
    const devices = [owner];
    for (let i = 0; i < 3; i++) {
      const device = server().client();
      expect((await device.login(email, OLD)).errors).toBeUndefined();
      devices.push(device);
    }

    const results = await Promise.all(
      devices.map((device, i) =>
        device.gql(CHANGE_PASSWORD, { input: { currentPassword: OLD, newPassword: `${NEW} ${i}` } }),
      ),
    );

    const winners = results.flatMap((res, i) => (res.errors ? [] : [i]));
    expect(winners).toHaveLength(1);
    // Each loser is refused (which answer depends on whether it read the account before the winner's
    // write or after it; the two tests above pin the answer for each order).
    expect(results.filter((res) => res.data?.changePassword)).toHaveLength(1);
    expect((await server().client().login(email, `${NEW} ${winners[0]}`)).errors).toBeUndefined();
  });
});
