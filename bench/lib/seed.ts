// Direct inserts through the MongoDB driver, in the API's own document shapes
// (server/src/users/userModel.ts, sessions/sessionModel.ts, refreshTokenModel.ts).
// Users share one bcrypt hash computed once: hashing 1,000 passwords at cost 12
// would take minutes and measure nothing the login rows don't.
import { createHash, randomBytes } from 'node:crypto';
import { ObjectId } from 'mongodb';
import type { Db } from 'mongodb';

const DAY = 86_400_000;
const BATCH = 1000;
/** The API's default REFRESH_IDLE_TTL (7d); the bench starts the API with it. */
export const IDLE_TTL_MS = 7 * DAY;
const ABSOLUTE_TTL_MS = 30 * DAY;

export interface UserDoc {
  _id: ObjectId;
  email: string;
  name: string;
  passwordHash: string;
  createdAt: Date;
  passwordChangedAt: Date;
}

export interface SessionDoc {
  _id: string;
  userId: ObjectId;
  createdAt: Date;
  lastUsedAt: Date;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  expiresAt: Date;
  userAgent: string;
  ipAddress: string;
}

export interface RefreshTokenDoc {
  _id: string;
  sessionId: string;
  userId: ObjectId;
  /** Absent on a session's first token, as the API writes it (the sparse unique parentId index). */
  parentId?: string;
  createdAt: Date;
  rotations?: number;
  windowStartedAt?: Date;
  expiresAt: Date;
}

export type SeededUser = Pick<UserDoc, '_id' | 'email'>;

export interface SeededSession {
  sessionId: string;
  userId: ObjectId;
  refreshToken: string;
}

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export async function insertUsers(
  db: Db,
  { count, prefix, passwordHash }: { count: number; prefix: string; passwordHash: string },
): Promise<SeededUser[]> {
  const now = new Date();
  const users: UserDoc[] = Array.from({ length: count }, (_, i) => ({
    _id: new ObjectId(),
    email: `${prefix}-${i}@bench.example`,
    name: `Bench ${i}`,
    passwordHash,
    createdAt: now,
    passwordChangedAt: now,
  }));
  for (let i = 0; i < users.length; i += BATCH) {
    await db.collection<UserDoc>('users').insertMany(users.slice(i, i + BATCH), { ordered: false });
  }
  return users.map(({ _id, email }) => ({ _id, email }));
}

interface InsertSessionsOptions {
  users: readonly SeededUser[];
  count: number;
  userAgent?: string;
  /** Return what was inserted (false for filler at scale). */
  keep?: boolean;
}

/** Inserts `count` live sessions, each with a first refresh token, spread over `users`. */
export async function insertSessions(db: Db, options: InsertSessionsOptions): Promise<SeededSession[]> {
  const { users, count, userAgent = 'bench', keep = true } = options;
  const kept: SeededSession[] = [];
  const now = Date.now();
  for (let done = 0; done < count; done += BATCH) {
    const sessions: SessionDoc[] = [];
    const tokens: RefreshTokenDoc[] = [];
    for (let i = done; i < Math.min(count, done + BATCH); i++) {
      const user = users[i % users.length]!;
      const sessionId = randomBytes(16).toString('base64url');
      const refreshToken = randomBytes(32).toString('base64url');
      const absoluteExpiresAt = new Date(now + ABSOLUTE_TTL_MS);
      const idleExpiresAt = new Date(now + IDLE_TTL_MS);
      sessions.push({
        _id: sessionId,
        userId: user._id,
        createdAt: new Date(now),
        lastUsedAt: new Date(now),
        idleExpiresAt,
        absoluteExpiresAt,
        expiresAt: idleExpiresAt,
        userAgent,
        ipAddress: '127.0.0.1',
      });
      tokens.push({
        _id: hashRefreshToken(refreshToken),
        sessionId,
        userId: user._id,
        createdAt: new Date(now),
        expiresAt: absoluteExpiresAt,
      });
      if (keep) kept.push({ sessionId, userId: user._id, refreshToken });
    }
    // Session before its token, as the API writes them.
    await db.collection<SessionDoc>('sessions').insertMany(sessions, { ordered: false });
    await db.collection<RefreshTokenDoc>('refresh_tokens').insertMany(tokens, { ordered: false });
  }
  return kept;
}
