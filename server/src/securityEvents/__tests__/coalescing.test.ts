// guards: strangers cannot flood an account's activity (issue 19 item 10). Failures anyone can
// cause coalesce into one event per account, address and day, with a count; what the owner must
// see (a password change, a reset) never does. Black-box: real API, real database.
import { Types } from 'mongoose';
import { migrate } from '../../db/migrations';
import { CHANGE_PASSWORD, SECURITY_EVENTS } from '../../testing/operations';
import { uniqueEmail, useTestServer } from '../../testing/testServer';
import type { TestClient } from '../../testing/testServer';

const server = useTestServer();
const PASSWORD = 'the right password';
const LOGIN_WINDOW_MS = 15 * 60_000;

interface Listed {
  type: string;
  count: number;
  ipAddress: string | null;
}

/** securityEvents with `count`, once every event recorded so far is written. */
async function listed(client: TestClient, first: number): Promise<Listed[]> {
  await server().services.drainEvents(5_000);
  const res = await client.gql(`query ($first: Int) { securityEvents(first: $first) { type count ipAddress } }`, {
    first,
  });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  return (res.data as { securityEvents: Listed[] }).securityEvents;
}

async function owner() {
  const client = server().client();
  const email = uniqueEmail();
  const { user } = await client.register(email, PASSWORD);
  return { client, email, userId: new Types.ObjectId(user.id) };
}

async function changePassword(client: TestClient, currentPassword: string, newPassword: string) {
  const res = await client.gql(CHANGE_PASSWORD, { input: { currentPassword, newPassword } });
  if (!res.data) throw new Error(JSON.stringify(res.errors));
  client.accessToken = res.data.changePassword.accessToken;
}

describe('failed sign-ins in the activity', () => {
  it("keep the owner's last PASSWORD_CHANGED in securityEvents(first: 20) after 200 wrong passwords from 40 other addresses", async () => {
    const { client, email } = await owner();
    await changePassword(client, PASSWORD, 'a second passphrase');

    // 10 login windows, each with 4 new addresses failing 5 times (the per-address and account-wide limits).
    for (let round = 0; round < 10; round++) {
      for (let host = 1; host <= 4; host++) {
        const stranger = server().client({ ip: `203.0.113.${round * 4 + host}` });
        for (let i = 0; i < 5; i++) expect((await stranger.login(email, 'a wrong guess')).errors).toBeDefined();
      }
      server().advance(LOGIN_WINDOW_MS + 1_000);
    }
    await client.refresh(); // the access token lives 15 minutes

    await server().services.drainEvents(5_000);
    const types = (await client.gql(SECURITY_EVENTS, { first: 20 })).data!.securityEvents.map((e) => String(e.type));
    expect(types).toContain('PASSWORD_CHANGED');
    const failed = (await listed(client, 20)).filter((e) => e.type === 'LOGIN_FAILED');
    expect(failed.reduce((sum, e) => sum + e.count, 0)).toBe(200);
  });

  it('coalesce per account and address, with a count; security-relevant events never coalesce', async () => {
    const { client, email } = await owner();
    const a = server().client({ ip: '198.18.0.1' });
    const b = server().client({ ip: '198.18.0.2' });
    for (let i = 0; i < 3; i++) await a.login(email, 'a wrong guess');
    for (let i = 0; i < 2; i++) await b.login(email, 'a wrong guess');
    await changePassword(client, PASSWORD, 'a second passphrase');
    await changePassword(client, 'a second passphrase', 'a third passphrase');

    const page = await listed(client, 20);

    expect(page.filter((e) => e.type === 'PASSWORD_CHANGED')).toEqual([
      { type: 'PASSWORD_CHANGED', count: 1, ipAddress: client.ip },
      { type: 'PASSWORD_CHANGED', count: 1, ipAddress: client.ip },
    ]);
    expect(page.filter((e) => e.type === 'LOGIN_FAILED')).toEqual([
      { type: 'LOGIN_FAILED', count: 2, ipAddress: '198.18.0.2' },
      { type: 'LOGIN_FAILED', count: 3, ipAddress: '198.18.0.1' },
    ]);
  });
});

describe('securityEvents', () => {
  // FerretDB v1 decodes in Go every document its pushed-down equality selects
  // (docs/database.md): a filter on the account alone would decode all of its stored events.
  it("reads an account's events by day, never all of them at once", async () => {
    const { client, email } = await owner();
    for (let i = 0; i < 3; i++) await server().client().login(email, 'a wrong guess');
    await server().services.drainEvents(5_000);
    const filters: Array<Record<string, unknown>> = [];
    server().db.connection.set('debug', (collection: string, method: string, filter: unknown) => {
      if (collection === 'security_events' && method === 'find') filters.push(filter as Record<string, unknown>);
    });
    try {
      expect((await client.gql(SECURITY_EVENTS, { first: 20 })).data?.securityEvents.length).toBeGreaterThan(0);
    } finally {
      server().db.connection.set('debug', false);
    }

    expect(filters.length).toBeGreaterThan(0);
    for (const filter of filters) expect(Object.keys(filter)).toEqual(['stream']);
  });

  it('lists events stored before they were kept by day, once the start-up migration ran', async () => {
    const { client, userId } = await owner();
    const { SecurityEvent } = server().db.models;
    const at = server().now();
    const expiresAt = new Date(at.getTime() + 24 * 3600_000);
    await SecurityEvent.collection.insertOne({
      userId,
      type: 'MFA_DISABLED',
      at,
      ipAddress: null,
      userAgent: null,
      expiresAt,
    });
    await SecurityEvent.collection.dropIndex('stream_1_at_-1');

    await migrate(server().db.models);
    await SecurityEvent.createIndexes();

    expect((await listed(client, 20)).map((e) => e.type)).toContain('MFA_DISABLED');
  });
});
