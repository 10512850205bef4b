// Direct inserts through the MongoDB driver, in the API's own document shapes
// (server/src/users/userModel.ts, sessions/sessionModel.ts, refreshTokenModel.ts).
// Users share one bcrypt hash computed once: hashing 1,000 passwords at cost 12
// would take minutes and measure nothing the login rows don't.
import { createHash, randomBytes } from 'node:crypto';
import { ObjectId } from 'mongodb';

const DAY = 86_400_000;
const BATCH = 1000;
export const hashRefreshToken = (token) => createHash('sha256').update(token).digest('base64url');

export async function insertUsers(db, { count, prefix, passwordHash }) {
  const now = new Date();
  const users = Array.from({ length: count }, (_, i) => ({
    _id: new ObjectId(),
    email: `${prefix}-${i}@bench.example`,
    name: `Bench ${i}`,
    passwordHash,
    createdAt: now,
    passwordChangedAt: now,
  }));
  for (let i = 0; i < users.length; i += BATCH) {
    await db.collection('users').insertMany(users.slice(i, i + BATCH), { ordered: false });
  }
  return users.map(({ _id, email }) => ({ _id, email }));
}

/**
 * Inserts `count` live sessions, each with a first refresh token, spread over
 * `users`. Returns [{ sessionId, userId, refreshToken }] when `keep` is true.
 */
export async function insertSessions(db, { users, count, userAgent = 'bench', keep = true, onBatch }) {
  const kept = [];
  const now = Date.now();
  for (let done = 0; done < count; done += BATCH) {
    const sessions = [];
    const tokens = [];
    for (let i = done; i < Math.min(count, done + BATCH); i++) {
      const user = users[i % users.length];
      const sessionId = randomBytes(16).toString('base64url');
      const refreshToken = randomBytes(32).toString('base64url');
      const absoluteExpiresAt = new Date(now + 30 * DAY);
      const idleExpiresAt = new Date(now + 7 * DAY);
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
        parentId: null,
        createdAt: new Date(now),
        expiresAt: absoluteExpiresAt,
      });
      if (keep) kept.push({ sessionId, userId: user._id, refreshToken });
    }
    // Session before its token, as the API writes them.
    await db.collection('sessions').insertMany(sessions, { ordered: false });
    await db.collection('refresh_tokens').insertMany(tokens, { ordered: false });
    onBatch?.(Math.min(count, done + BATCH));
  }
  return kept;
}
