// Users, in one place: the only module that reads or writes the users collection.
// An account deleted out of band is no longer anyone: `byId` returns null and
// `exists` false, and the session guard asks `exists` before it trusts a
// session (sessions/sessionGuard.ts).
import type { Types } from 'mongoose';
import { isDuplicateKeyError } from '../db';
import { EmailTakenError } from '../errors';
import type { UserDocument, UserModel } from './userModel';

export interface NewUser {
  email: string;
  name: string | null;
  passwordHash: string;
}

export function createUserService(User: UserModel) {
  return {
    byId: (userId: Types.ObjectId | string): Promise<UserDocument | null> => User.findById(userId).lean(),
    byEmail: (email: string): Promise<UserDocument | null> => User.findOne({ email }).lean(),
    exists: async (userId: Types.ObjectId | string): Promise<boolean> => (await User.exists({ _id: userId })) !== null,
    emailTaken: async (email: string): Promise<boolean> => (await User.exists({ email })) !== null,

    async create(fields: NewUser, now = new Date()): Promise<UserDocument> {
      try {
        // Single winner: the unique email index decides between concurrent registrations.
        const user = await User.create({ ...fields, createdAt: now, passwordChangedAt: now });
        return user.toObject();
      } catch (error) {
        if (isDuplicateKeyError(error)) throw new EmailTakenError();
        throw error;
      }
    },

    async setPasswordHash(userId: Types.ObjectId, passwordHash: string, now = new Date()): Promise<void> {
      await User.updateOne({ _id: userId }, { $set: { passwordHash, passwordChangedAt: now } });
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
