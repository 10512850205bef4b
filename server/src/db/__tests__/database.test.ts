import mongoose, { Schema } from 'mongoose';
import { testDatabaseUri } from '../../testing/testServer';
import { isDuplicateKeyError, purgeExpired, createModels } from '../index';

describe('the database', () => {
  const connection = mongoose.createConnection(testDatabaseUri(), { autoIndex: false });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('accepts a mongoose connection', async () => {
    await connection.asPromise();
    expect(connection.readyState).toBe(1);
  });

  it('lets exactly one of 20 concurrent inserts of one unique key win; the rest fail with E11000', async () => {
    const Thing = connection.model('Thing', new Schema({ key: { type: String, unique: true } }));
    await Thing.createIndexes();
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => Thing.create({ key: 'same' })));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    expect(lost.every((r) => isDuplicateKeyError(r.reason))).toBe(true);
    expect(await Thing.countDocuments({ key: 'same' })).toBe(1);
  });

  it('purges expired sessions, tokens and rate-limit events, and keeps live ones', async () => {
    const models = createModels(connection);
    const past = new Date(Date.now() - 1000);
    const future = new Date(Date.now() + 60_000);
    await models.RateLimitEvent.insertMany([
      { key: 'k', at: past, expiresAt: past },
      { key: 'k', at: past, expiresAt: future },
    ]);
    expect(await purgeExpired(models, new Date())).toBe(1);
    expect(await models.RateLimitEvent.countDocuments({})).toBe(1);
  });
});
