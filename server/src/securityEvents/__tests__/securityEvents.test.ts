// The security activity a user can read (`securityEvents`), black-box: each operation
// records its event for its own account and no other, newest first and bounded, with
// no secret in it; the events worth a mail are mailed (real SMTP listener); and a
// failure to write an event never fails the operation it records.
import { linkIn } from '../../../../scripts/lib/mailbox';
import {
  CHANGE_PASSWORD,
  LOGIN,
  LOGOUT,
  LOGOUT_ALL,
  REFRESH,
  REQUEST_PASSWORD_RESET,
  RESET_PASSWORD,
  REVOKE_SESSION,
  SECURITY_EVENTS,
  SESSIONS,
  VERIFY_EMAIL,
} from '../../testing/operations';
import { errorCode, uniqueEmail, useTestServer } from '../../testing/testServer';
import type { TestClient, TestServer } from '../../testing/testServer';

const server = useTestServer({ REFRESH_REUSE_INTERVAL: '0', APP_URL: 'http://app.example.test' });
const NEW_PASSWORD = 'a brand new passphrase';

async function account(s: TestServer = server()) {
  const client = s.client({ userAgent: `browser-${Math.random().toString(36).slice(2)}` });
  const registered = await client.register(uniqueEmail());
  return { client, ...registered };
}

/** An account whose address is confirmed: notices go to confirmed addresses only. */
async function confirmedAccount() {
  const created = await account();
  await server().confirmEmail(created.email);
  return created;
}

/** A new session of the same browser (same address and device), to read events after the old one ended. */
async function signInAgain(client: TestClient, email: string, password: string): Promise<TestClient> {
  const reader = server().client({ ip: client.ip, userAgent: client.userAgent });
  await reader.login(email, password);
  return reader;
}

/** changePassword answers with this session's new access token. */
async function changePassword(client: TestClient, currentPassword: string) {
  const res = await client.gql(CHANGE_PASSWORD, { input: { currentPassword, newPassword: NEW_PASSWORD } });
  client.accessToken = res.data?.changePassword.accessToken ?? client.accessToken;
}

/** The account's events, once every event recorded so far is written. */
async function eventsOf(client: TestClient, first?: number | null) {
  await server().services.drainMail(5_000); // some events are recorded while composing mail
  await server().services.drainEvents(5_000);
  const res = await client.gql(SECURITY_EVENTS, first === undefined ? {} : { first });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return res.data.securityEvents;
}

const mailTo = (email: string, subject: string) =>
  server().mailbox.waitFor((m) => m.to.includes(email) && m.subject === subject);

type Operation = (a: Awaited<ReturnType<typeof account>>) => Promise<TestClient | void>;

const operations: Array<[string, Operation]> = [
  ['LOGIN_SUCCEEDED', async ({ client, email, password }) => void (await client.login(email, password))],
  ['LOGIN_FAILED', async ({ client, email }) => void (await client.login(email, 'not the password'))],
  [
    'LOGOUT',
    async ({ client, email, password }) => {
      await client.gql(LOGOUT);
      return signInAgain(client, email, password);
    },
  ],
  [
    'ALL_SESSIONS_REVOKED',
    async ({ client, email, password }) => {
      await client.gql(LOGOUT_ALL);
      return signInAgain(client, email, password);
    },
  ],
  [
    'SESSION_REVOKED',
    async ({ client, email, password }) => {
      const other = server().client();
      await other.login(email, password);
      const sessions = (await client.gql(SESSIONS, {})).data!.sessions;
      await client.gql(REVOKE_SESSION, { id: sessions.find((s) => !s.current)!.id });
    },
  ],
  ['PASSWORD_CHANGED', async ({ client, password }) => changePassword(client, password)],
  [
    'PASSWORD_RESET_REQUESTED',
    async ({ client, email }) => void (await client.gql(REQUEST_PASSWORD_RESET, { input: { email } })),
  ],
  [
    'PASSWORD_RESET',
    async ({ client, email }) => {
      const after = server().mailbox.received.length;
      await client.gql(REQUEST_PASSWORD_RESET, { input: { email } });
      const mail = await server().mailbox.waitFor(
        (m) =>
          m.to.includes(email) && m.subject === 'Reset your password' && server().mailbox.received.indexOf(m) >= after,
      );
      await client.gql(RESET_PASSWORD, {
        input: { token: linkIn(mail, 'http://app.example.test/').token, newPassword: NEW_PASSWORD },
      });
      // Every session ended with the reset: the account reads its events from a new one.
      return signInAgain(client, email, NEW_PASSWORD);
    },
  ],
  [
    'EMAIL_VERIFIED',
    async ({ client, email }) => {
      const mail = await mailTo(email, 'Confirm your email address');
      await client.gql(VERIFY_EMAIL, { input: { token: linkIn(mail, 'http://app.example.test/').token } });
    },
  ],
  [
    'REFRESH_TOKEN_REUSE',
    async ({ client, email, password }) => {
      const spent = client.cookie;
      await client.refresh();
      await client.gql(REFRESH, undefined, { token: null, cookie: spent });
      return signInAgain(client, email, password);
    },
  ],
];

describe('securityEvents', () => {
  it.each(operations)('records %s for the account it happened to, and for no other', async (type, operation) => {
    const a = await account();
    const b = await account();

    const reader = (await operation(a)) ?? a.client;

    const events = await eventsOf(reader);
    const event = events.find((e) => e.type === type);
    expect(event).toMatchObject({ ipAddress: a.client.ip, userAgent: a.client.userAgent });
    expect(Date.now() - Date.parse(event!.at)).toBeLessThan(60_000);
    expect((await eventsOf(b.client)).map((e) => e.type)).toEqual([]);
  });

  it('lists the newest first, 20 by default (also for `first: null`), at most `first`', async () => {
    const { client, email, password } = await account();
    for (let i = 0; i < 3; i++) await server().client().login(email, 'not the password');
    await client.login(email, password);

    const all = await eventsOf(client);
    expect(all.map((e) => e.type)).toEqual(['LOGIN_SUCCEEDED', 'LOGIN_FAILED', 'LOGIN_FAILED', 'LOGIN_FAILED']);
    const times = all.map((e) => Date.parse(e.at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
    expect((await eventsOf(client, 2)).map((e) => e.id)).toEqual(all.slice(0, 2).map((e) => e.id));

    // Failures coalesce (coalescing.test.ts): sign-ins make the rest of the page.
    for (let i = 0; i < 18; i++) await server().client().login(email, password);
    expect(await eventsOf(client)).toHaveLength(20);
    expect(await eventsOf(client, null)).toHaveLength(20);
  });

  it.each([0, 101, -1])('refuses first: %i with BAD_USER_INPUT', async (first) => {
    const { client } = await account();
    const res = await client.gql(SECURITY_EVENTS, { first });
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.field).toBe('first');
  });

  it('needs an access token', async () => {
    expect(errorCode(await server().client().gql(SECURITY_EVENTS, {}))).toBe('UNAUTHENTICATED');
  });
});

describe('what an event holds', () => {
  it('never a password, token or code: only its type, time, address, device and session', async () => {
    const { client, email, password, accessToken, user } = await account();
    const refreshCookie = client.cookie!;
    await client.login(email, 'a wrong guess of a password');
    await changePassword(client, password);
    await eventsOf(client);

    const stored = await server().db.models.SecurityEvent.find({ userId: user.id }).lean();
    expect(stored.length).toBeGreaterThanOrEqual(2);
    for (const event of stored) {
      expect(Object.keys(event).sort()).toEqual(
        expect.arrayContaining(['_id', 'userId', 'type', 'at', 'ipAddress', 'userAgent', 'expiresAt']),
      );
      expect(
        Object.keys(event).every((key) =>
          [
            '_id',
            'userId',
            'type',
            'at',
            'ipAddress',
            'userAgent',
            'sessionId',
            'expiresAt',
            'stream',
            'count',
            'coalesceKey',
          ].includes(key),
        ),
      ).toBe(true);
    }
    const json = JSON.stringify(stored);
    for (const secret of [password, NEW_PASSWORD, 'a wrong guess of a password', accessToken, refreshCookie]) {
      expect(json).not.toContain(secret);
    }
  });

  it('expires after SECURITY_EVENT_RETENTION (90 days by default)', async () => {
    const { client, email, password, user } = await account();
    await client.login(email, password);
    await eventsOf(client);

    const [event] = await server().db.models.SecurityEvent.find({ userId: user.id }).lean();
    expect(event!.expiresAt.getTime() - event!.at.getTime()).toBe(90 * 24 * 3600 * 1000);
  });
});

describe('mail about an event', () => {
  it('tells the owner about a sign-in from a new device, with its device and address', async () => {
    const { email, password } = await confirmedAccount();
    const stranger = server().client({ ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (Macintosh) Firefox/133.0' });

    await stranger.login(email, password);

    const mail = await mailTo(email, 'New sign-in to your account');
    expect(mail.text).toContain('from Firefox on macOS at 203.0.113.9');
    expect(mail.text).toMatch(/\d{4}-\d\d-\d\d at \d\d:\d\d:\d\d UTC/);
    expect(mail.text).toContain('Forgot password?');
  });

  it('does not for a device that signed in to this account before (its device cookie)', async () => {
    const { client, email, password } = await confirmedAccount();
    const first = await client.login(email, password);
    const device = first.setCookies.map((c) => /^device=([^;]+)/.exec(c)?.[1]).find(Boolean)!;
    await mailTo(email, 'New sign-in to your account');
    const before = server().mailbox.received.length;

    const again = await client.gql(LOGIN, { input: { email, password } }, { headers: { cookie: `device=${device}` } });
    expect(again.data?.login.user.email).toBe(email);
    await server().services.drainEvents(5_000);
    await server().services.drainMail(5_000);

    const since = server()
      .mailbox.received.slice(before)
      .filter((m) => m.to.includes(email));
    expect(since.map((m) => m.subject)).toEqual([]);
  });

  it('tells the owner when a refresh token was used twice', async () => {
    const { client, email } = await confirmedAccount();
    const spent = client.cookie;
    await client.refresh();

    await client.gql(REFRESH, undefined, { token: null, cookie: spent });

    const mail = await mailTo(email, 'A session of your account was ended');
    expect(mail.text).toContain('used twice');
    expect(mail.text).toContain(client.ip);
  });
});

describe('the operator log', () => {
  it('has a line per event with type, user and session, and a line per lockout without the email', async () => {
    const { client, email, password, user } = await account();
    const before = server().logs.length;
    await client.login(email, password);
    for (let i = 0; i < 7; i++) await client.login(email, 'not the password');

    const lines = server().logs.slice(before);
    const signedIn = lines.find((l) => l.event === 'security_event' && l.type === 'LOGIN_SUCCEEDED');
    expect(signedIn).toMatchObject({ userId: user.id, sessionId: expect.any(String) });
    const failed = lines.filter((l) => l.event === 'security_event' && l.type === 'LOGIN_FAILED');
    expect(failed.length).toBeGreaterThanOrEqual(5);
    expect(failed[0]!.level).toBe(40); // warn: worth an alert
    const lockout = lines.find((l) => l.event === 'rate_limited');
    expect(lockout).toMatchObject({ rules: expect.arrayContaining(['login:acct-ip']) });
    expect(JSON.stringify(lines)).not.toContain(email);
  });
});

describe('a failure to record an event', () => {
  it('does not fail the operation: the sign-in succeeds and the failure is logged', async () => {
    const { email, password } = await account();
    const model = server().db.models.SecurityEvent;
    const create = model.create.bind(model);
    model.create = (() => Promise.reject(new Error('disk full'))) as unknown as typeof model.create;
    try {
      const res = await server().client().login(email, password);
      expect(res.data?.login.user.email).toBe(email);
      await server().services.drainEvents(5_000);
    } finally {
      model.create = create;
    }
    expect(server().logs.some((l) => l.msg === 'security event not recorded' && l.type === 'LOGIN_SUCCEEDED')).toBe(
      true,
    );
  });
});
