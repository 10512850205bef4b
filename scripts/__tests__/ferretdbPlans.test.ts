// guards: issue 11, the embedded FerretDB at index speed. Each filter the API sends on a hot path
// must reach its document through an index, not by scanning the collection. SQLite says how it
// runs every statement FerretDB issues for the operation (support/sqlPlans.ts); the same check on
// FerretDB as released finds the scans that scripts/lib/ferretdb/patch.ts removes.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import type { Connection } from 'mongoose';
import { createModels, trusted } from '../../server/src/db';
import type { Models } from '../../server/src/db';
import { startFerretDB } from '../lib/database';
import type { FerretDBBuild } from '../lib/database';
import { waitFor } from '../lib/processes';
import { explain, loggedStatements, scansOf } from './support/sqlPlans';
import type { Explained } from './support/sqlPlans';

const USERS = 200;
const now = new Date();
const later = new Date(now.getTime() + 3_600_000);
const userId = (i: number) => new Types.ObjectId(i.toString(16).padStart(24, '0'));
const sessionId = (i: number) => `session-${i}`;
const tokenId = (i: number) => `token-${i}`;

/** A document as the driver writes it, with a string `_id` where the app uses one. */
type Raw = { _id: string } & Record<string, unknown>;

/** Two sessions per user, two tokens per session (the second one's parent is the first), events per key. */
async function seed(connection: Connection): Promise<void> {
  const raw = (name: string) => connection.db!.collection<Raw>(name);
  const users = Array.from({ length: USERS }, (_, i) => i);
  const sessions = users.flatMap((u) => [2 * u, 2 * u + 1]);
  await connection.db!.collection('users').insertMany(
    users.map((u) => ({
      _id: userId(u),
      email: `user${u}@example.com`,
      name: null,
      passwordHash: 'x',
      createdAt: now,
    })),
  );
  const session = (s: number) => ({ userId: userId(s >> 1), lastUsedAt: now, expiresAt: later, createdAt: now });
  await raw('sessions').insertMany(sessions.map((s) => ({ _id: sessionId(s), ...session(s) })));
  const token = (t: number) => ({
    sessionId: sessionId(t >> 1),
    userId: userId(t >> 2),
    createdAt: now,
    expiresAt: later,
  });
  // A session's first token has no parent: the sparse unique index on parentId leaves it out.
  await raw('refresh_tokens').insertMany(
    sessions.flatMap((s) => [
      { _id: tokenId(2 * s), ...token(2 * s) },
      { _id: tokenId(2 * s + 1), ...token(2 * s + 1), parentId: tokenId(2 * s) },
    ]),
  );
  await connection
    .db!.collection('rate_limit_events')
    .insertMany(sessions.map((s) => ({ key: `key-${s % 50}`, at: now, expiresAt: later })));
}

interface HotOperation {
  name: string;
  collection: string;
  run(models: Models): Promise<unknown>;
}

// The API's filters, as server/src sends them (sessionStore, rotation, sessionGuard, rateLimiter,
// userService), each on documents no other operation here touches.
const HOT: HotOperation[] = [
  { name: 'Session.findById (findLive)', collection: 'sessions', run: (m) => m.Session.findById(sessionId(1)).lean() },
  {
    name: 'Session.findById with a projection (the guard)',
    collection: 'sessions',
    run: (m) => m.Session.findById(sessionId(2), { userId: 1, expiresAt: 1 }).lean(),
  },
  {
    name: 'Session.updateOne by _id (touch)',
    collection: 'sessions',
    run: (m) => m.Session.updateOne({ _id: sessionId(3) }, { $set: { lastUsedAt: later } }),
  },
  {
    name: 'Session.deleteMany by _id $in (revoke)',
    collection: 'sessions',
    run: (m) => m.Session.deleteMany({ _id: trusted({ $in: [sessionId(4), sessionId(5)] }) }),
  },
  {
    name: 'Session.find by userId and expiresAt, sorted by lastUsedAt (listLive)',
    collection: 'sessions',
    run: (m) =>
      m.Session.find({ userId: userId(10), expiresAt: trusted({ $gt: now }) })
        .sort({ lastUsedAt: -1 })
        .limit(20)
        .lean(),
  },
  {
    name: 'Session.find then deleteMany by userId, but one (revokeAllOf)',
    collection: 'sessions',
    run: async (m) => {
      const filter = { userId: userId(11), _id: trusted({ $ne: sessionId(22) }) };
      await m.Session.find(filter, { _id: 1 }).lean();
      await m.Session.deleteMany(filter);
    },
  },
  {
    name: 'RefreshToken.findById (rotate)',
    collection: 'refresh_tokens',
    run: (m) => m.RefreshToken.findById(tokenId(40), { sessionId: 1 }).lean(),
  },
  {
    name: 'RefreshToken.exists by _id (replayIsBenign)',
    collection: 'refresh_tokens',
    run: (m) => m.RefreshToken.exists({ _id: tokenId(41) }),
  },
  {
    name: 'RefreshToken.exists by parentId (replayIsBenign)',
    collection: 'refresh_tokens',
    run: (m) => m.RefreshToken.exists({ parentId: tokenId(42) }),
  },
  {
    name: 'RefreshToken.deleteOne by _id (rotate prunes the grandparent)',
    collection: 'refresh_tokens',
    run: (m) => m.RefreshToken.deleteOne({ _id: tokenId(43) }),
  },
  {
    name: 'RefreshToken.findOne by _id $in (revokeIfAncestor)',
    collection: 'refresh_tokens',
    run: (m) => m.RefreshToken.findOne({ _id: trusted({ $in: [tokenId(44), tokenId(45)] }) }, { sessionId: 1 }).lean(),
  },
  {
    name: 'RefreshToken.deleteMany by sessionId $in (revoke)',
    collection: 'refresh_tokens',
    run: (m) => m.RefreshToken.deleteMany({ sessionId: trusted({ $in: [sessionId(30), sessionId(31)] }) }),
  },
  { name: 'User.findById (byId)', collection: 'users', run: (m) => m.User.findById(userId(20)).lean() },
  { name: 'User.exists by _id (the guard)', collection: 'users', run: (m) => m.User.exists({ _id: userId(21) }) },
  {
    name: 'User.updateOne by _id and the version read (setPasswordHash)',
    collection: 'users',
    run: (m) =>
      m.User.updateOne(
        { _id: userId(22), credentialVersion: 'v22' },
        { $set: { passwordHash: 'y', passwordChangedAt: later } },
      ),
  },
  {
    name: 'User.findOne by email (byEmail)',
    collection: 'users',
    run: (m) => m.User.findOne({ email: 'user23@example.com' }).lean(),
  },
  {
    name: 'User.exists by email (emailTaken)',
    collection: 'users',
    run: (m) => m.User.exists({ email: 'user24@example.com' }),
  },
  {
    name: 'RateLimitEvent.find the newest events of a key in a window (secondsUntilAllowed)',
    collection: 'rate_limit_events',
    run: (m) =>
      m.RateLimitEvent.find(
        { key: 'key-1', at: trusted({ $gt: new Date(0) }) },
        { at: 1 },
        { sort: { at: -1 }, limit: 6 },
      ),
  },
  {
    name: 'RateLimitEvent.deleteMany by _id $in (withdraw)',
    collection: 'rate_limit_events',
    run: async (m) => {
      const ids = (await m.RateLimitEvent.find({ key: 'key-3' }, { _id: 1 }).lean()).map((e) => e._id);
      await m.RateLimitEvent.deleteMany({ _id: trusted({ $in: ids }) });
    },
  },
  {
    name: 'RefreshToken.deleteMany by userId (revokeAllOf)',
    collection: 'refresh_tokens',
    run: (m) => m.RefreshToken.deleteMany({ userId: userId(50) }),
  },
  {
    name: 'RefreshToken.deleteMany by userId, but one session (revokeAllOf)',
    collection: 'refresh_tokens',
    run: (m) => m.RefreshToken.deleteMany({ userId: userId(51), sessionId: trusted({ $ne: sessionId(102) }) }),
  },
];

async function prepare(connection: Connection): Promise<Models> {
  const models = createModels(connection);
  // The indexes the app declares, as connectDatabase creates them.
  for (const model of Object.values(models)) await model.createIndexes();
  await seed(connection);
  return models;
}

/** Where the whole line holding `text` starts and ends, once it has been written. */
function lineOf(output: string, text: string, from: number): { start: number; end: number } | undefined {
  const at = output.indexOf(text, from);
  const end = at < 0 ? -1 : output.indexOf('\n', at);
  return end < 0 ? undefined : { start: output.lastIndexOf('\n', at) + 1, end: end + 1 };
}

/** Runs every operation on a fresh database of `build`, and explains the statements each one issued. */
async function explainOperations(build: FerretDBBuild, operations: readonly HotOperation[]) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `ferretdb-plans-${build}-`));
  const db = await startFerretDB(dataDir, { build, logSql: true });
  let connection: Connection | undefined;
  try {
    connection = await mongoose.createConnection(db.uri, { dbName: 'auth', autoIndex: false }).asPromise();
    const models = await prepare(connection);
    const markers = connection.db!.collection('plan_markers');
    await markers.insertOne({});
    const explained = new Map<string, Explained[]>();
    let from = db.proc!.output().length;
    for (const [i, operation] of operations.entries()) {
      await operation.run(models);
      // FerretDB logs each statement before it runs it: once this marker is in the log, so is the operation.
      await markers.findOne({}, { comment: `end-${i}` });
      const marker = await waitFor(() => lineOf(db.proc!.output(), `/* end-${i} */`, from), 5000, `marker ${i}`);
      const statements = loggedStatements(db.proc!.output().slice(from, marker.start));
      explained.set(operation.name, explain(path.join(dataDir, 'auth.sqlite'), statements));
      from = marker.end;
    }
    return explained;
  } finally {
    await connection?.close();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('FerretDB with the index patch, on the API hot filters', () => {
  const plans = {} as Record<FerretDBBuild, Map<string, Explained[]>>;
  const scans = (build: FerretDBBuild, { name, collection }: HotOperation) =>
    scansOf(plans[build].get(name)!, collection);

  // The first run builds FerretDB as released and the plan helper (seconds with a warm Go build cache).
  beforeAll(async () => {
    plans.patched = await explainOperations('patched', HOT);
    plans.upstream = await explainOperations('upstream', HOT);
  }, 600_000);

  it.each(HOT)('$name: every statement on its collection uses an index', (operation) => {
    const statements = scans('patched', operation);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((s) => s.scans.length > 0)).toEqual([]);
  });

  it.each(HOT)('$name: FerretDB as released scans its collection', (operation) => {
    expect(scans('upstream', operation).filter((s) => s.scans.length > 0)).not.toEqual([]);
  });
});
