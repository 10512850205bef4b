// Users, in one place: the only module that reads or writes the users collection.
// An account deleted out of band is no longer anyone: `byId` returns null and
// `exists` false, and the session guard asks `exists` before it trusts a
// session (sessions/sessionGuard.ts).
import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { isDuplicateKeyError } from '../db';
import { EmailTakenError } from '../errors';
import type { UserDocument, UserModel } from './userModel';

/** The credential version of a user document ('' for accounts older than versions). */
export const credentialVersionOf = (user: Pick<UserDocument, 'credentialVersion'>): string =>
  user.credentialVersion ?? '';

export const isEmailVerified = (user: Pick<UserDocument, 'emailVerifiedAt'>): boolean => Boolean(user.emailVerifiedAt);

const newCredentialVersion = () => randomBytes(12).toString('base64url');

export interface NewUser {
  email: string;
  name: string | null;
  passwordHash: string;
}

export function createUserService(User: UserModel) {
  return {
    byId: (userId: Types.ObjectId | string): Promise<UserDocument | null> => User.findById(userId).lean(),
    byEmail: (email: string): Promise<UserDocument | null> => User.findOne({ email }).lean(),
    /** The account's credential version, or null when the account no longer exists. */
    async credentialVersion(userId: Types.ObjectId | string): Promise<string | null> {
      const user = await User.findById(userId, { credentialVersion: 1 }).lean();
      return user ? credentialVersionOf(user) : null;
    },
    emailTaken: async (email: string): Promise<boolean> => (await User.exists({ email })) !== null,

    async create(fields: NewUser, now = new Date()): Promise<UserDocument> {
      try {
        // Single winner: the unique email index decides between concurrent registrations.
        const credentialVersion = newCredentialVersion();
        const user = await User.create({ ...fields, createdAt: now, passwordChangedAt: now, credentialVersion });
        return user.toObject();
      } catch (error) {
        if (isDuplicateKeyError(error)) throw new EmailTakenError();
        throw error;
      }
    },

    /**
     * The new hash and a new credential version in one write: from this write on, every
     * session signed in under the old password is refused, whatever happens next.
     * Returns the new version.
     */
    async setPasswordHash(
      userId: Types.ObjectId,
      passwordHash: string,
      now = new Date(),
      { verifiesEmail = false } = {},
    ): Promise<string> {
      const credentialVersion = newCredentialVersion();
      const verified = verifiesEmail ? { emailVerifiedAt: now } : {};
      await User.updateOne(
        { _id: userId },
        { $set: { passwordHash, passwordChangedAt: now, credentialVersion, ...verified } },
      );
      return credentialVersion;
    },

    /** Turns MFA on with a sealed TOTP secret and its recovery-code set; false when it was on already. */
    async enableMfa(userId: Types.ObjectId, totpSecret: string, recoverySetId: string): Promise<boolean> {
      const { modifiedCount } = await User.updateOne(
        { _id: userId, totpSecret: null },
        { $set: { totpSecret, recoverySetId } },
      );
      return modifiedCount === 1;
    },

    async disableMfa(userId: Types.ObjectId): Promise<void> {
      await User.updateOne({ _id: userId }, { $set: { totpSecret: null, recoverySetId: null } });
    },

    /** The recovery-code set in force: the previous set stops working with this write. */
    async setRecoverySet(userId: Types.ObjectId, recoverySetId: string): Promise<void> {
      await User.updateOne({ _id: userId }, { $set: { recoverySetId } });
    },

    /** Marks `email` verified, if it is still the account's address. */
    async markEmailVerified(userId: Types.ObjectId, email: string, now = new Date()): Promise<void> {
      await User.updateOne({ _id: userId, email }, { $set: { emailVerifiedAt: now } });
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
