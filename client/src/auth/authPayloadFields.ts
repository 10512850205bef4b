import { graphql } from '../__generated__';

/**
 * The fields every sign-in operation selects (`...AuthPayloadFields` in register, login,
 * refreshToken and changePassword): what `AuthPayload` in authSession.ts holds.
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
