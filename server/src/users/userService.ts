// Users, in one place: the only module that reads or writes the users collection,
// and the one home of three rules every way into an account asks about:
// - is two-factor authentication on (`isMfaEnabled`);
// - does something signed in under a credential version (a session, a pending login) still
//   stand, i.e. the password has not changed since (`isCurrentCredential`; ASVS 5.0 V7.4.3);
// - the signed-in user's account (`ofViewer`): an account deleted out of band is no longer
//   anyone, and one answer says so (UNAUTHENTICATED, ACCOUNT_GONE) wherever it is asked;
// - what another subgraph may see of an account it refers to (`referencedBy`): the caller's own
//   account whole, anyone else's as its public profile (id and name: userView.ts);
// - may this account add a way to sign in (`verifiedOfViewer`): only once its address is
//   confirmed, else an intruder who registered someone else's address could plant a passkey
//   or TOTP that outlives the owner's reset (pre-hijacking: ASVS 5.0 V6.4.3).
// A password write is single-winner per credential version (`setPasswordHash`): a change and a
// reset that read the same version cannot both write, the later one would silently undo the other.
import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import { isDuplicateKeyError, trusted } from '../db';
import type { Models } from '../db';
import { spendOnce } from '../db/spends';
import { EmailNotVerifiedError, EmailTakenError, Message, UnauthenticatedError } from '../errors';
import type { UserDocument } from './userModel';
import { PublicProfile } from './userView';
import type { UserView } from './userView';

/** A 24-digit hex ObjectId: `Types.ObjectId.isValid` also accepts any 12-character string. */
const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** The credential version of a user document ('' for accounts older than versions). */
export const credentialVersionOf = (user: Pick<UserDocument, 'credentialVersion'>): string =>
  user.credentialVersion ?? '';

/** Whether `version` (read with the password hash at sign-in) is still the account's: no password change since. */
export const isCurrentCredential = (
  user: Pick<UserDocument, 'credentialVersion'>,
  version: string | null | undefined,
): boolean => credentialVersionOf(user) === (version ?? '');

/** Two-factor authentication is on: the account has a confirmed TOTP secret. */
export const isMfaEnabled = (user: Pick<UserDocument, 'totpSecret'>): boolean => Boolean(user.totpSecret);

export const isEmailVerified = (user: Pick<UserDocument, 'emailVerifiedAt'>): boolean => Boolean(user.emailVerifiedAt);

const newCredentialVersion = () => randomBytes(12).toString('base64url');

/**
 * How long the spend of a credential version is kept. It only has to outlive the writers racing
 * for that version (milliseconds apart); a later one finds the version changed in the update's
 * filter. Short, so a crash between the spend and the write blocks password changes only briefly.
 */
const VERSION_SPEND_TTL_MS = 10 * 60_000;

export interface PasswordWrite {
  /** A password reset: the link proved the address. */
  verifiesEmail?: boolean;
  /** Turns TOTP off and voids the recovery codes in the same write (a reset of an unconfirmed account). */
  removesSecondFactor?: boolean;
}

export interface NewUser {
  email: string;
  name: string | null;
  passwordHash: string;
}

export function createUserService({ User, Spend }: Pick<Models, 'User' | 'Spend'>) {
  /** The signed-in user's account; UNAUTHENTICATED when it no longer exists (the one answer for a gone account). */
  async function ofViewer(viewer: { userId: Types.ObjectId }): Promise<UserDocument> {
    const user = await User.findById(viewer.userId).lean();
    if (!user) throw new UnauthenticatedError(Message.ACCOUNT_GONE);
    return user;
  }

  return {
    byId: (userId: Types.ObjectId | string): Promise<UserDocument | null> => User.findById(userId).lean(),
    byEmail: (email: string): Promise<UserDocument | null> => User.findOne({ email }).lean(),
    ofViewer,
    /**
     * The account of `id` as `viewer` may see it (a reference from another subgraph): their own
     * whole, anyone else's as its public profile, loaded without its other fields. Null for an
     * unknown or malformed id.
     */
    async referencedBy(viewer: { userId: Types.ObjectId }, id: string): Promise<UserView | null> {
      if (!OBJECT_ID.test(id)) return null;
      if (viewer.userId.equals(id)) return User.findById(id).lean();
      const profile = await User.findById(id, { name: 1 }).lean();
      return profile && new PublicProfile(profile._id, profile.name ?? null);
    },
    /**
     * The signed-in user's account, for an operation that adds a way to sign in (a passkey, TOTP):
     * EMAIL_NOT_VERIFIED until its address is confirmed (ASVS 5.0 V6.4.3).
     */
    async verifiedOfViewer(viewer: { userId: Types.ObjectId }): Promise<UserDocument> {
      const user = await ofViewer(viewer);
      if (!isEmailVerified(user)) throw new EmailNotVerifiedError();
      return user;
    },
    /** Just the credential version of an account (the session guard's hot path), or null when it is gone. */
    credentialOf: (userId: Types.ObjectId | string): Promise<Pick<UserDocument, 'credentialVersion'> | null> =>
      User.findById(userId, { credentialVersion: 1 }).lean(),
    emailTaken: async (email: string): Promise<boolean> => (await User.exists({ email })) !== null,

    async create(fields: NewUser, now: Date): Promise<UserDocument> {
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
     * The new hash and a new credential version in one write, over the version `user` was read
     * with: from this write on, every session signed in under the old password is refused,
     * whatever happens next. Returns the new version, or null when another change or reset of
     * the same version won (then nothing is written).
     */
    async setPasswordHash(
      user: Pick<UserDocument, '_id' | 'credentialVersion'>,
      passwordHash: string,
      now: Date,
      { verifiesEmail = false, removesSecondFactor = false }: PasswordWrite = {},
    ): Promise<string | null> {
      const read = credentialVersionOf(user);
      // Single winner per version read: the unique `_id` of spends (db/spends.ts), since FerretDB v1
      // applies two concurrent conditional updates both. The filter refuses a writer that comes
      // after the spend has expired, by when the version has changed.
      const key = `pw:${user._id.toHexString()}:${read}`;
      if (!(await spendOnce(Spend, key, new Date(now.getTime() + VERSION_SPEND_TTL_MS)))) return null;
      const credentialVersion = newCredentialVersion();
      const verified = verifiesEmail ? { emailVerifiedAt: now } : {};
      const factors = removesSecondFactor ? { totpSecret: null, recoverySetId: null } : {};
      const { modifiedCount } = await User.updateOne(
        { _id: user._id, credentialVersion: read === '' ? trusted({ $in: [null, ''] }) : read },
        { $set: { passwordHash, passwordChangedAt: now, credentialVersion, ...verified, ...factors } },
      );
      return modifiedCount === 1 ? credentialVersion : null;
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
    async markEmailVerified(userId: Types.ObjectId, email: string, now: Date): Promise<void> {
      await User.updateOne({ _id: userId, email }, { $set: { emailVerifiedAt: now } });
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
