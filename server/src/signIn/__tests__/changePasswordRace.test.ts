// guards: a password change takes effect in one write (issue 10 §4). A login that read the old
// hash before the change, or any session signed in before it, is refused afterwards, even when
// the change's later writes (renew, revoke the others) never happen.
import { CHANGE_PASSWORD, ME, REFRESH } from '../../testing/operations';
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
