import { graphql } from '../__generated__';
import type { AuthPayloadFieldsFragment } from '../__generated__/graphql';

/**
 * The fields every sign-in operation selects (`...AuthPayloadFields` in register, login,
 * refreshToken and changePassword), and the types the session holds, generated from them.
 */
export const AuthPayloadFields = graphql(`
  fragment AuthPayloadFields on AuthPayload {
    accessToken
    expiresAt
    user {
      id
      email
      name
    }
  }
`);

/** What `register`, `login`, `refreshToken` and `changePassword` return. */
export type AuthPayload = AuthPayloadFieldsFragment;
export type SignedInUser = AuthPayload['user'];
