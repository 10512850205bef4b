// What a `User` resolves from. The caller's own account (and the one `register` or `login` just
// signed in) is its whole document. Anyone else's account, reached only through `_entities` by
// another subgraph, is a public profile: its id and name, loaded alone, so no other field can leak
// through a resolver (issue 22: another subgraph may show an author's name, never their email or
// MFA state; OWASP ASVS 5.0 V8.2.3 field-level access).
import type { Types } from 'mongoose';
import { ForbiddenError, Message } from '../errors';
import type { UserDocument } from './userModel';

export class PublicProfile {
  constructor(
    readonly _id: Types.ObjectId,
    readonly name: string | null,
  ) {}
}

export type UserView = UserDocument | PublicProfile;

/** The whole account, or FORBIDDEN for someone else's public profile. */
export function ownAccount(user: UserView): UserDocument {
  if (user instanceof PublicProfile) throw new ForbiddenError(Message.OWNER_ONLY);
  return user;
}
