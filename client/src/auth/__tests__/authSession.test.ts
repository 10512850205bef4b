import { FakeBrowser, FakeClock, FakeRefreshServer, newSession, user } from './fakes';

function setup(lifetimeMs = 60_000) {
  const clock = new FakeClock();
  const server = new FakeRefreshServer(clock, lifetimeMs);
  const browser = new FakeBrowser();
  const session = newSession(clock, server, browser.tab());
  return { clock, server, browser, session };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('restore on page load', () => {
  it('signs in from the refresh cookie', async () => {
    const { session } = setup();

    const token = await session.restore();

    expect(token).toBe('token-1');
    expect(session.getState()).toEqual({ status: 'signedIn', user });
  });

  it('is signed out, not expired, when there is no valid cookie', async () => {
    const { server, session } = setup();
    server.revoked = true;

    await session.restore();

    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'anonymous' });
  });

  it('keeps a sign-in that completed while the restore was still out', async () => {
    const { server, session } = setup();
    server.revoked = true; // no cookie yet when the restore request leaves
    server.hold();

    const restoring = session.restore();
    session.signIn({ ...server.issue(), accessToken: 'from-login' });
    server.release();

    expect(await restoring).toBe('from-login');
    expect(session.getState()).toEqual({ status: 'signedIn', user });
  });

  it('asks the API once, however often it is called', async () => {
    const { server, session } = setup();

    await Promise.all([session.restore(), session.restore()]);
    await session.restore();

    expect(server.calls).toBe(1);
  });

  it('tries again after the API was unreachable', async () => {
    const { server, session } = setup();
    server.unreachable = true;
    await session.restore();
    server.unreachable = false;

    expect(await session.restore()).toBe('token-1');
    expect(session.getState()).toEqual({ status: 'signedIn', user });
  });

  it('reports an unreachable API instead of signing out', async () => {
    const { server, session } = setup();
    server.unreachable = true;

    await session.restore();

    expect(session.getState()).toEqual({ status: 'unreachable' });
  });
});

describe('single flight', () => {
  it('gives every caller during a refresh the same result from one request', async () => {
    const { server, session } = setup();
    session.signIn(server.issue());
    server.hold();

    const tokens = Promise.all([session.refresh(), session.recover('token-1'), session.tokenForRequest()]);
    server.release();

    expect(await tokens).toEqual(['token-2', 'token-2', 'token-2']);
    expect(server.calls).toBe(1);
  });

  it('does not refresh again for a failure whose token was already replaced', async () => {
    const { server, session } = setup();
    session.signIn(server.issue());
    await session.refresh();

    const token = await session.recover('token-1');

    expect(token).toBe('token-2');
    expect(server.calls).toBe(1);
  });

  it('has nothing to retry with once signed out', async () => {
    const { server, session } = setup();
    session.signIn(server.issue());
    session.signOut();

    expect(await session.recover('token-1')).toBeNull();
    expect(server.calls).toBe(0);
  });
});

describe('proactive refresh', () => {
  it('refreshes a quarter of the lifetime before a short-lived token expires', async () => {
    const { clock, server, session } = setup(4_000);
    session.signIn(server.issue());

    clock.advance(2_999);
    expect(server.calls).toBe(0);
    clock.advance(1);
    await flush();

    expect(server.calls).toBe(1);
    expect(await session.tokenForRequest()).toBe('token-2');
  });

  it('refreshes before the request when timers did not run (a frozen tab)', async () => {
    const { clock, server, session } = setup(4_000);
    session.signIn(server.issue());
    clock.skip(10_000);

    const tokens = await Promise.all([session.tokenForRequest(), session.tokenForRequest(), session.tokenForRequest()]);

    expect(tokens).toEqual(['token-2', 'token-2', 'token-2']);
    expect(server.calls).toBe(1);
  });

  it('keeps a single timer, rescheduled by each new token', async () => {
    const { clock, server, session } = setup(4_000);
    session.signIn(server.issue());
    clock.advance(3_000);
    await flush();

    expect(clock.pendingTimers()).toBe(1);
  });

  it('does not loop when the local clock runs ahead of the server', async () => {
    const { clock, server, session } = setup(4_000);
    const payload = server.issue();
    clock.skip(60_000); // the token arrives looking long expired

    session.signIn(payload);
    const token = await session.tokenForRequest();

    expect(token).toBe('token-1');
    expect(clock.pendingTimers()).toBe(0);
    expect(server.calls).toBe(0);
  });

  it('stops refreshing after sign-out', () => {
    const { clock, server, session } = setup(4_000);
    session.signIn(server.issue());

    session.signOut();
    clock.advance(10_000);

    expect(server.calls).toBe(0);
  });
});

describe('failure path', () => {
  it('clears the token and reports the session as expired when the refresh is refused', async () => {
    const { server, session } = setup();
    session.signIn(server.issue());
    server.revoked = true;

    const token = await session.refresh();

    expect(token).toBeNull();
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
    expect(await session.tokenForRequest()).toBeNull();
  });

  it('does not sign back in with a refresh that was already out when the user signed out', async () => {
    const { server, session } = setup();
    session.signIn(server.issue());
    server.hold();

    const refreshing = session.refresh();
    session.signOut();
    server.release();

    expect(await refreshing).toBeNull();
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'loggedOut' });
  });

  it('keeps the session when the API is briefly unreachable', async () => {
    const { server, session } = setup();
    session.signIn(server.issue());
    server.unreachable = true;

    await expect(session.refresh()).rejects.toThrow('Failed to fetch');

    expect(session.getState()).toEqual({ status: 'signedIn', user });
  });
});

describe('across tabs', () => {
  function twoTabs(lifetimeMs = 60_000) {
    const { clock, server, browser, session: first } = setup(lifetimeMs);
    const second = newSession(clock, server, browser.tab());
    return { clock, server, browser, first, second };
  }

  it('lets one tab refresh while the other waits for the lock and takes its token', async () => {
    const { server, first, second } = twoTabs();
    const payload = server.issue();
    first.signIn(payload);
    server.hold();

    const tokens = Promise.all([first.refresh(), second.refresh()]);
    server.release();

    expect(await tokens).toEqual(['token-2', 'token-2']);
    expect(server.calls).toBe(1);
  });

  it('takes the token the lock holder posted even when the lock arrives before the message', async () => {
    const { server, browser, first, second } = twoTabs();
    first.signIn(server.issue());
    browser.lateMessages = true;
    server.hold();

    // Both proactive timers fire together, as they do when one token is shared.
    const fromFirst = first.refresh();
    const fromSecond = second.refresh();
    server.release();
    expect(await fromFirst).toBe('token-2');
    await flush(); // the second tab now holds the lock, and the message is still on its way
    browser.deliver();

    expect(await fromSecond).toBe('token-2');
    expect(server.calls).toBe(1);
  });

  it('refreshes itself after a short wait when the lock holder posted nothing', async () => {
    const { clock, server, first, second } = twoTabs();
    first.signIn(server.issue());
    server.hold();
    server.unreachable = true;

    const fromFirst = first.refresh();
    const fromSecond = second.refresh();
    server.release();
    await expect(fromFirst).rejects.toThrow('Failed to fetch');
    server.unreachable = false;
    await flush();
    expect(server.calls).toBe(1); // waiting for a message that will not come
    clock.advance(500);

    expect(await fromSecond).toBe('token-2');
    expect(server.calls).toBe(2);
  });

  it('shares a sign-in with the other tabs', () => {
    const { server, first, second } = twoTabs();

    first.signIn(server.issue());

    expect(second.getState()).toEqual({ status: 'signedIn', user });
  });

  it('signs every tab out when one tab logs out', async () => {
    const { server, first, second } = twoTabs();
    first.signIn(server.issue());

    first.signOut();

    expect(second.getState()).toEqual({ status: 'signedOut', reason: 'loggedOut' });
    expect(await second.tokenForRequest()).toBeNull();
  });

  it('signs the other tabs out when a refresh is refused', async () => {
    const { server, first, second } = twoTabs();
    first.signIn(server.issue());
    server.revoked = true;

    await first.refresh();

    expect(second.getState()).toMatchObject({ status: 'signedOut' });
  });
});
