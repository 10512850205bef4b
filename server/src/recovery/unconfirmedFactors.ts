// Sign-in methods of an account whose address nobody had confirmed, removed when its owner takes
// it back with a password reset (pre-hijacking: ASVS 5.0 V6.4.3; Sudhodanan & Paverd 2022, the
// "unexpired credential" attack). Today such an account cannot add any (EMAIL_NOT_VERIFIED), but
// an older version let it, and whoever registered the address may not be its owner.
// The writes are ordered so that a crash between any two leaves nothing of them usable:
// 1. `beforeVerifying`: the passkeys go, while the account is still unverified (and so cannot add
//    one back);
// 2. the reset's one user write (users/userService.ts setPasswordHash) turns TOTP off, voids the
//    recovery-code set and marks the address verified, together;
// 3. `afterVerifying`: the voided recovery codes and any pending TOTP setup are deleted (clean-up).
// No multi-document transaction: FerretDB v1 has none.
import type { Types } from 'mongoose';
import type { Models } from '../db';

export function createUnconfirmedFactors(models: Pick<Models, 'Passkey' | 'RecoveryCode' | 'TotpSetup'>) {
  const { Passkey, RecoveryCode, TotpSetup } = models;
  return {
    /** Returns how many passkeys were removed. */
    async beforeVerifying(userId: Types.ObjectId): Promise<number> {
      const { deletedCount } = await Passkey.deleteMany({ userId });
      return deletedCount;
    },
    async afterVerifying(userId: Types.ObjectId): Promise<void> {
      await RecoveryCode.deleteMany({ userId });
      await TotpSetup.deleteOne({ _id: userId.toHexString() });
    },
  };
}

export type UnconfirmedFactors = ReturnType<typeof createUnconfirmedFactors>;
