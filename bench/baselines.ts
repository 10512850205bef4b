// Baselines that are not HTTP: run in a child process pinned like the API, so a
// ratio compares like with like. The task comes in BENCH_TASK (JSON, lib/tasks.ts);
// the result is printed as one JSON line.
//   jwt          jsonwebtoken verify (string secret, KeyObject; ES256 KeyObject) vs jose HS256 jwtVerify, ops/s
//   bcrypt       raw bcrypt.compare at a cost and concurrency, ops/s
//   mongoRotate  the database operations of one refreshToken request, issued with the driver
//   mongoMe      the database reads of one `me` request (session, then user, by _id)
import { createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import bcrypt from 'bcrypt';
import jwt from 'jsonwebtoken';
import { jwtVerify } from 'jose';
import { MongoClient, ObjectId } from 'mongodb';
import { IDLE_TTL_MS, hashRefreshToken } from './lib/seed';
import type { RefreshTokenDoc, SessionDoc, UserDoc } from './lib/seed';
import { summarize } from './lib/stats';
import type { RoundStats } from './lib/stats';
import type { BcryptTask, DriverTask, JwtSamples, JwtTask, JwtVerifier, Slot, Task, TaskResults } from './lib/tasks';

/**
 * Runs `op` from `concurrency` loops for `seconds`. Counts what completes inside
 * the window, as autocannon does for the HTTP rows (it drops requests still in
 * flight at the end), so a baseline and its scenario share the same ramp-up.
 */
async function pool(concurrency: number, seconds: number, op: () => Promise<void>): Promise<RoundStats> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        try {
          await op();
          if (performance.now() <= end) latencies.push(performance.now() - t0);
        } catch (error) {
          if (errors++ === 0) console.error(error);
        }
      }
    }),
  );
  histogram.disable();
  return {
    rps: latencies.length / seconds,
    ...summarize(latencies),
    errors,
    count: latencies.length,
    eventLoopP99Ms: Math.round(histogram.percentile(99) / 1e4) / 100,
  };
}

async function jwtTask({ seconds, rounds, secret, issuer, audience }: JwtTask): Promise<JwtSamples> {
  const keyObject = createSecretKey(Buffer.from(secret, 'utf8'));
  const joseKey = new TextEncoder().encode(secret);
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: new ObjectId().toHexString(), sid: randomBytes(16).toString('base64url'), jti: 'x' };
  const token = jwt.sign({ ...claims, iat: now, exp: now + 3600 }, keyObject, {
    algorithm: 'HS256',
    issuer,
    audience,
  });
  const options = { algorithms: ['HS256' as const], issuer, audience };
  // What auth/tokens.ts does under ES256 on a token it has not verified before: a P-256 key
  // (as signingKeys/keyRing.ts makes), its public half as a KeyObject, the algorithm pinned.
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const es256Token = jwt.sign({ ...claims, iat: now, exp: now + 3600 }, privateKey, {
    algorithm: 'ES256',
    keyid: 'bench',
    issuer,
    audience,
  });
  const es256Options = { ...options, algorithms: ['ES256' as const] };
  const variants: Record<JwtVerifier, () => unknown> = {
    jsonwebtokenString: () => jwt.verify(token, secret, options),
    jsonwebtokenKeyObject: () => jwt.verify(token, keyObject, options),
    joseJwtVerify: () => jwtVerify(token, joseKey, options),
    jsonwebtokenEs256: () => jwt.verify(es256Token, publicKey, es256Options),
  };
  const samples: JwtSamples = {
    jsonwebtokenString: [],
    jsonwebtokenKeyObject: [],
    joseJwtVerify: [],
    jsonwebtokenEs256: [],
  };
  for (let round = 0; round <= rounds; round++) {
    for (const name of Object.keys(variants) as JwtVerifier[]) {
      let ops = 0;
      const started = performance.now();
      const end = started + seconds * 1000;
      while (performance.now() < end) {
        for (let i = 0; i < 100; i++) await variants[name]();
        ops += 100;
      }
      // Round 0 warms the JIT and is not kept.
      if (round > 0) samples[name].push(ops / ((performance.now() - started) / 1000));
    }
  }
  return samples;
}

async function bcryptTask({ seconds, concurrency, cost, password }: BcryptTask): Promise<RoundStats> {
  const hash = await bcrypt.hash(password, cost);
  return pool(concurrency, seconds, async () => {
    if (!(await bcrypt.compare(password, hash))) throw new Error('bcrypt.compare returned false');
  });
}

/** Opens the driver, warms its pool for a second (the API's is open already), then times `op`. */
async function withDriver(
  { seconds, concurrency, uri, slotsFile }: DriverTask,
  makeOp: (client: MongoClient, nextSlot: () => Slot) => () => Promise<void>,
): Promise<RoundStats> {
  const slots = JSON.parse(readFileSync(slotsFile, 'utf8')) as Slot[];
  let next = 0;
  const client = await MongoClient.connect(uri, { maxPoolSize: 50 });
  const op = makeOp(client, () => slots[next++ % slots.length]!);
  try {
    await pool(concurrency, 1, op);
    return await pool(concurrency, seconds, op);
  } finally {
    await client.close();
  }
}

/** sessionStore.ts's touch interval: 1/20 of the idle lifetime, at most a minute. */
const TOUCH_INTERVAL_MS = Math.min(60_000, Math.floor(IDLE_TTL_MS / 20));

/**
 * What a refreshToken request asks of the database, step for step as
 * server/src/sessions/rotation.ts `rotate` and sessionStore.ts do it, then the
 * user read of signIn/refresh.ts: the token record by _id, the session
 * by bare _id (expiry checked here, not in the filter), the successor's insert with
 * the chain's rotation count (a fresh parentId each time, since the unique index admits
 * one child per parent), the grandparent's delete, the session update only when
 * lastUsedAt is older than the touch interval, the user by _id.
 */
function rotateOp(client: MongoClient, nextSlot: () => Slot) {
  const db = client.db();
  const tokens = db.collection<RefreshTokenDoc>('refresh_tokens');
  const sessions = db.collection<SessionDoc>('sessions');
  const users = db.collection<UserDoc>('users');
  return async () => {
    const slot = nextSlot();
    const now = new Date();
    const record = await tokens.findOne({ _id: slot.tokenHash }, { projection: { sessionId: 1, parentId: 1 } });
    if (!record) throw new Error('token not found');
    const session = await sessions.findOne({ _id: record.sessionId });
    if (!session || session.expiresAt <= now) throw new Error('session not found');
    await tokens.insertOne({
      _id: hashRefreshToken(randomBytes(32).toString('base64url')),
      sessionId: session._id,
      userId: session.userId,
      parentId: hashRefreshToken(randomBytes(32).toString('base64url')),
      createdAt: now,
      expiresAt: session.absoluteExpiresAt,
      rotations: 1,
      windowStartedAt: now,
    });
    await tokens.deleteOne({ _id: record.parentId ?? hashRefreshToken(randomBytes(32).toString('base64url')) });
    if (now.getTime() - session.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
      const idleExpiresAt = new Date(Math.min(now.getTime() + IDLE_TTL_MS, session.absoluteExpiresAt.getTime()));
      await sessions.updateOne(
        { _id: session._id },
        { $set: { lastUsedAt: now, idleExpiresAt, expiresAt: idleExpiresAt } },
      );
    }
    if (!(await users.findOne({ _id: session.userId }))) throw new Error('user not found');
  };
}

/** What an uncached `me` asks of the database: the session guard's read, then the user's. */
function meOp(client: MongoClient, nextSlot: () => Slot) {
  const db = client.db();
  const sessions = db.collection<SessionDoc>('sessions');
  const users = db.collection<UserDoc>('users');
  return async () => {
    const slot = nextSlot();
    const session = await sessions.findOne({ _id: slot.sessionId }, { projection: { userId: 1, expiresAt: 1 } });
    if (!session) throw new Error('session not found');
    if (!(await users.findOne({ _id: session.userId }))) throw new Error('user not found');
  };
}

function runTask(task: Task): Promise<TaskResults[Task['kind']]> {
  switch (task.kind) {
    case 'jwt':
      return jwtTask(task);
    case 'bcrypt':
      return bcryptTask(task);
    case 'mongoRotate':
      return withDriver(task, rotateOp);
    case 'mongoMe':
      return withDriver(task, meOp);
  }
}

async function main(): Promise<void> {
  const result = await runTask(JSON.parse(process.env.BENCH_TASK ?? '{}') as Task);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

void main();
