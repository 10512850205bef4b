// Data written by earlier versions, brought into today's shape before indexes
// are built. Each step is idempotent and skipped once the index it prepares exists.
import type { Models } from './models';

export async function migrate(models: Models): Promise<void> {
  // First refresh tokens used to carry `parentId: null`. The sparse unique index on
  // `parentId` skips absent fields only, so explicit nulls would collide on MongoDB.
  // Once that index is built the step is done; the update itself scans on FerretDB.
  const tokens = models.RefreshToken.collection;
  const built = await tokens.indexExists('parentId_1').catch(() => false);
  if (!built) await tokens.updateMany({ parentId: { $type: 'null' } }, { $unset: { parentId: '' } });
}
