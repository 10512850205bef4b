// Connects mongoose to the database and prepares its indexes. Works the same on
// MongoDB and on FerretDB v1, whose limits shape this file:
// - TTL indexes are refused there (code 238): we then purge expired documents
//   on a timer, and every read checks expiry itself, in the query or in code
//   (TTL is lazy on MongoDB too);
// - commands fail fast (no buffering, bounded timeouts) so a database outage
//   turns into a clear error instead of a hung request.
import mongoose from 'mongoose';
import type { Connection } from 'mongoose';
import { systemClock } from '../clock';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Logger } from '../logger';

import { migrate } from './migrations';
import { createModels } from './models';
import type { Models } from './models';

export { isDatabaseUnavailableError, isDuplicateKeyError } from './databaseErrors';

// Defence in depth against operator injection (mongoose ≥ 9.9.2 carries the 2026
// sanitizeFilter fixes): a `$`-key object in a filter value becomes a literal
// match unless our own code wraps it in `trusted()`.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', 'throw');

/** Marks an operator object written by our code (not from a client) as safe. */
export const trusted = mongoose.trusted as <T>(value: T) => T;

export { createModels };
export type { Models };

export interface Database {
  readonly connection: Connection;
  readonly models: Models;
  /** False on servers that refuse TTL indexes (FerretDB v1); then purgeExpired runs on a timer. */
  readonly ttlSupported: boolean;
  isReady(): Promise<boolean>;
  close(): Promise<void>;
}

const TTL_NOT_IMPLEMENTED = 238;

/** Fail fast rather than hang: a stalled server (not a closed one) is detected by socket inactivity. */
function openConnection(config: Config): Connection {
  return mongoose.createConnection(config.mongodbUri, {
    autoIndex: false,
    autoCreate: false,
    bufferCommands: false,
    serverSelectionTimeoutMS: 3000,
    socketTimeoutMS: config.db.operationTimeoutMs,
    waitQueueTimeoutMS: config.db.operationTimeoutMs,
    maxPoolSize: 50,
  });
}

/** Without TTL indexes, expired documents are purged on a timer, dated by the app's clock. */
function startPurging(models: Models, config: Config, logger: Logger, clock: Clock): NodeJS.Timeout {
  const timer = setInterval(() => {
    purgeExpired(models, clock.now()).catch((error: unknown) =>
      logger.warn({ err: error }, 'purge of expired documents failed'),
    );
  }, config.purgeIntervalMs);
  timer.unref();
  return timer;
}

/** The ping itself is the answer: mongoose's readyState can lag the driver's reconnection. */
async function pings(connection: Connection): Promise<boolean> {
  try {
    await connection.getClient().db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}

/** `clock` dates the purges: the app's, so a document goes when the app considers it expired. */
export async function connectDatabase(config: Config, logger: Logger, clock: Clock = systemClock): Promise<Database> {
  const connection = openConnection(config);
  await connection.asPromise();
  const models = createModels(connection);
  await migrate(models);
  for (const model of Object.values(models)) await model.createIndexes();
  const ttlSupported = await createTtlIndexes(models, logger);
  const purgeTimer = ttlSupported ? undefined : startPurging(models, config, logger, clock);
  return {
    connection,
    models,
    ttlSupported,
    isReady: () => pings(connection),
    async close() {
      if (purgeTimer) clearInterval(purgeTimer);
      await connection.close();
    },
  };
}

async function createTtlIndexes(models: Models, logger: Logger): Promise<boolean> {
  const collections = expiringCollections(models);
  try {
    for (const model of collections) {
      await model.collection.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'expiresAt_ttl' });
    }
    return true;
  } catch (error) {
    if ((error as { code?: number }).code !== TTL_NOT_IMPLEMENTED) throw error;
    logger.info('TTL indexes not supported by this server; purging expired documents on a timer');
    // A plain expiresAt index would be kept up to date on every write and never used: FerretDB v1
    // pushes no range filter down to SQLite. Earlier versions created one; it goes.
    for (const model of collections) await model.collection.dropIndex('expiresAt_1').catch(() => undefined);
    return false;
  }
}

/** Every collection whose documents carry `expiresAt` and go when it passes. */
const expiringCollections = (models: Models) =>
  [
    models.Session,
    models.RefreshToken,
    models.RateLimitEvent,
    models.EmailToken,
    models.SecurityEvent,
    models.TotpSetup,
    models.PendingLogin,
    models.RecoveryCode,
    models.PasskeyChallenge,
    models.Spend,
  ] as const;

/** Ids deleted per statement: FerretDB's SQLite backend deletes by an `IN` list of at most 32,766. */
const PURGE_CHUNK = 10_000;

/** Deletes the documents of every expiring collection that expired by `now`, in chunks. Returns how many. */
export async function purgeExpired(models: Models, now: Date): Promise<number> {
  const collections = expiringCollections(models);
  const counts = await Promise.all(collections.map((model) => purgeCollection(model, now)));
  return counts.reduce((sum, n) => sum + n, 0);
}

async function purgeCollection(model: Models[keyof Models], now: Date): Promise<number> {
  const collection = model.collection;
  let deleted = 0;
  for (;;) {
    const expired = await collection
      .find({ expiresAt: { $lte: now } }, { projection: { _id: 1 } })
      .limit(PURGE_CHUNK)
      .toArray();
    if (expired.length === 0) return deleted;
    const result = await collection.deleteMany({ _id: { $in: expired.map((doc) => doc._id) } });
    deleted += result.deletedCount;
    if (expired.length < PURGE_CHUNK) return deleted;
  }
}
