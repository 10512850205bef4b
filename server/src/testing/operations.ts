// The operations the server's tests send, one typed document each, written with the
// generated `graphql()` as the client writes its own: `npm run codegen` types their
// variables and results, so no test declares a result shape by hand.
import { graphql } from './__generated__';

export const AUTH_PAYLOAD = graphql(`
  fragment TestAuthPayload on AuthPayload {
    accessToken
    expiresAt
    user {
      id
      email
      name
      createdAt
    }
  }
`);
export const REGISTER = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      ...TestAuthPayload
    }
  }
`);
export const LOGIN = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      ...TestAuthPayload
    }
  }
`);
export const REFRESH = graphql(`
  mutation Refresh {
    refreshToken {
      ...TestAuthPayload
    }
  }
`);
export const CHANGE_PASSWORD = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      ...TestAuthPayload
    }
  }
`);
export const ME = graphql(`
  query Me {
    me {
      id
      email
      name
      createdAt
    }
  }
`);
export const SESSIONS = graphql(`
  query Sessions($first: Int) {
    sessions(first: $first) {
      id
      createdAt
      lastUsedAt
      expiresAt
      userAgent
      ipAddress
      current
    }
  }
`);
export const LOGOUT = graphql(`
  mutation Logout {
    logout
  }
`);
export const LOGOUT_ALL = graphql(`
  mutation LogoutAll {
    logoutAll
  }
`);
export const REVOKE_SESSION = graphql(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`);
export const ME_VERIFIED = graphql(`
  query MeVerified {
    me {
      id
      email
      emailVerified
    }
  }
`);
export const REQUEST_PASSWORD_RESET = graphql(`
  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input)
  }
`);
export const RESET_PASSWORD = graphql(`
  mutation ResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input)
  }
`);
export const SEND_VERIFICATION_EMAIL = graphql(`
  mutation SendVerificationEmail {
    sendVerificationEmail
  }
`);
export const VERIFY_EMAIL = graphql(`
  mutation VerifyEmail($input: VerifyEmailInput!) {
    verifyEmail(input: $input)
  }
`);
export const SECURITY_EVENTS = graphql(`
  query SecurityEvents($first: Int) {
    securityEvents(first: $first) {
      id
      type
      at
      ipAddress
      userAgent
    }
  }
`);
export const START_TOTP_SETUP = graphql(`
  mutation StartTotpSetup($input: PasswordInput!) {
    startTotpSetup(input: $input) {
      secret
      otpauthUri
      qrCodeSvg
    }
  }
`);
export const CONFIRM_TOTP_SETUP = graphql(`
  mutation ConfirmTotpSetup($input: MfaCodeInput!) {
    confirmTotpSetup(input: $input)
  }
`);
export const DISABLE_TOTP = graphql(`
  mutation DisableTotp($input: DisableTotpInput!) {
    disableTotp(input: $input)
  }
`);
export const REGENERATE_RECOVERY_CODES = graphql(`
  mutation RegenerateRecoveryCodes($input: PasswordInput!) {
    regenerateRecoveryCodes(input: $input)
  }
`);
export const VERIFY_MFA = graphql(`
  mutation VerifyMfa($input: MfaCodeInput!) {
    verifyMfa(input: $input) {
      ...TestAuthPayload
    }
  }
`);
export const ME_MFA = graphql(`
  query MeMfa {
    me {
      id
      mfaEnabled
    }
  }
`);
export const REAUTHENTICATE = graphql(`
  mutation Reauthenticate($input: PasswordInput!) {
    reauthenticate(input: $input)
  }
`);
export const START_PASSKEY_REGISTRATION = graphql(`
  mutation StartPasskeyRegistration {
    startPasskeyRegistration
  }
`);
export const FINISH_PASSKEY_REGISTRATION = graphql(`
  mutation FinishPasskeyRegistration($response: JSON!, $name: String) {
    finishPasskeyRegistration(response: $response, name: $name) {
      id
      name
      createdAt
      lastUsedAt
    }
  }
`);
export const START_PASSKEY_LOGIN = graphql(`
  mutation StartPasskeyLogin {
    startPasskeyLogin
  }
`);
export const FINISH_PASSKEY_LOGIN = graphql(`
  mutation FinishPasskeyLogin($response: JSON!) {
    finishPasskeyLogin(response: $response) {
      ...TestAuthPayload
    }
  }
`);
export const PASSKEYS = graphql(`
  query Passkeys {
    passkeys {
      id
      name
      createdAt
      lastUsedAt
    }
  }
`);
export const DELETE_PASSKEY = graphql(`
  mutation DeletePasskey($id: ID!) {
    deletePasskey(id: $id)
  }
`);
