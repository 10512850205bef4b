// Data written by earlier versions, brought into today's shape before indexes
// are built. Each step is idempotent and cheap once done: it runs at every start.
import type { Models } from './models';

export async function migrate(models: Models): Promise<void> {
  // First refresh tokens used to carry `parentId: null`. The sparse unique index on
  // `parentId` skips absent fields only, so explicit nulls would collide on MongoDB.
  await models.RefreshToken.collection.updateMany({ parentId: { $type: 'null' } }, { $unset: { parentId: '' } });
}
