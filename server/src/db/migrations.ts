// Data written by earlier versions, brought into today's shape before indexes
// are built. Each step is idempotent and skipped once the index it prepares exists.
import type { AnyBulkWriteOperation } from 'mongodb';
import type { Types } from 'mongoose';
import { streamOf } from '../securityEvents/securityEventModel';
import type { Models } from './models';

export async function migrate(models: Models): Promise<void> {
  // First refresh tokens used to carry `parentId: null`. The sparse unique index on
  // `parentId` skips absent fields only, so explicit nulls would collide on MongoDB.
  // Once that index is built the step is done; the update itself scans on FerretDB.
  const tokens = models.RefreshToken.collection;
  const built = await tokens.indexExists('parentId_1').catch(() => false);
  if (!built) await tokens.updateMany({ parentId: { $type: 'null' } }, { $unset: { parentId: '' } });

  // Security events gained `stream` (`<user>:<UTC day>`), by which an account's page is read
  // (securityEvents/eventStore.ts). Once its index is built the step is done.
  const events = models.SecurityEvent.collection;
  if (!(await events.indexExists('stream_1_at_-1').catch(() => false))) {
    const missing = events.find({ stream: { $exists: false } }, { projection: { userId: 1, at: 1 } });
    let batch: AnyBulkWriteOperation[] = [];
    for await (const doc of missing) {
      const stream = streamOf(doc.userId as Types.ObjectId, doc.at as Date);
      batch.push({ updateOne: { filter: { _id: doc._id }, update: { $set: { stream } } } });
      if (batch.length === 1000) {
        await events.bulkWrite(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await events.bulkWrite(batch);
  }
}
