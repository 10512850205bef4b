// The one single-winner step for anything spent once: an insert into `spends`,
// whose unique `_id` admits one insert per key however many requests race
// (FerretDB v1 updates are not atomic; its unique index is). Keys name what was
// spent: `reset:<token hash>`, `totp:<user>:<step>`, `rc:<recovery code>`,
// `pl:<pending login>`, `passkey:<WebAuthn challenge>`. Each expires with what it guards and is purged.
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from './databaseErrors';
import { defineModel, required } from './defineModel';

export interface SpendDocument {
  _id: string;
  expiresAt: Date;
}

export const spendModel = defineModel<SpendDocument>('Spend', 'spends', {
  _id: required(String),
  expiresAt: required(Date),
});
export type SpendModel = Model<SpendDocument>;

/** True for the one caller that spends `key`; false for every other, then or later. */
export async function spendOnce(Spend: SpendModel, key: string, expiresAt: Date): Promise<boolean> {
  try {
    await Spend.create({ _id: key, expiresAt });
    return true;
  } catch (error) {
    if (isDuplicateKeyError(error)) return false;
    throw error;
  }
}
