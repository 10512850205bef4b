import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';

export interface UserDocument {
  _id: Types.ObjectId;
  /** Trimmed, lower-cased; unique. */
  email: string;
  name: string | null;
  /** bcrypt hash; never leaves the users/auth modules. */
  passwordHash: string;
  createdAt: Date;
  passwordChangedAt: Date;
}

const userSchema = new Schema<UserDocument>(
  {
    email: { type: String, required: true },
    name: { type: String, default: null },
    passwordHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
    passwordChangedAt: { type: Date, required: true },
  },
  { collection: 'users', versionKey: false, strict: 'throw' },
);
// Unique index: the single winner of two concurrent registrations of one email.
userSchema.index({ email: 1 }, { unique: true });

export type UserModel = Model<UserDocument>;

export function userModel(db: Connection): UserModel {
  return (db.models.User as UserModel | undefined) ?? db.model<UserDocument>('User', userSchema);
}
