/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment AuthPayloadFields on AuthPayload {\n    accessToken\n    expiresAt\n    user {\n      id\n      email\n      name\n    }\n  }\n": typeof types.AuthPayloadFieldsFragmentDoc,
    "\n  mutation RefreshToken {\n    refreshToken {\n      ...AuthPayloadFields\n    }\n  }\n": typeof types.RefreshTokenDocument,
    "\n  query AccountHeader {\n    me {\n      id\n      email\n      name\n    }\n  }\n": typeof types.AccountHeaderDocument,
    "\n  mutation Logout {\n    logout\n  }\n": typeof types.LogoutDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n": typeof types.ChangePasswordDocument,
    "\n  query Profile {\n    me {\n      id\n      email\n      name\n      createdAt\n      emailVerified\n      mfaEnabled\n    }\n  }\n": typeof types.ProfileDocument,
    "\n  mutation SendVerificationEmail {\n    sendVerificationEmail\n  }\n": typeof types.SendVerificationEmailDocument,
    "\n  query SecurityActivity {\n    securityEvents(first: 10) {\n      id\n      type\n      at\n      ipAddress\n      userAgent\n      count\n    }\n  }\n": typeof types.SecurityActivityDocument,
    "\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      expiresAt\n      userAgent\n      ipAddress\n      current\n    }\n  }\n": typeof types.SessionsDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": typeof types.RevokeSessionDocument,
    "\n  mutation LogoutAll {\n    logoutAll\n  }\n": typeof types.LogoutAllDocument,
    "\n  mutation DeletePasskey($id: ID!) {\n    deletePasskey(id: $id)\n  }\n": typeof types.DeletePasskeyDocument,
    "\n  query Passkeys {\n    passkeys {\n      id\n      name\n      createdAt\n      lastUsedAt\n    }\n  }\n": typeof types.PasskeysDocument,
    "\n  mutation Reauthenticate($input: PasswordInput!) {\n    reauthenticate(input: $input)\n  }\n": typeof types.ReauthenticateDocument,
    "\n  query StepUpAccount {\n    me {\n      id\n      mfaEnabled\n    }\n  }\n": typeof types.StepUpAccountDocument,
    "\n  mutation StartPasskeyRegistration {\n    startPasskeyRegistration\n  }\n": typeof types.StartPasskeyRegistrationDocument,
    "\n  mutation FinishPasskeyRegistration($response: JSON!, $name: String) {\n    finishPasskeyRegistration(response: $response, name: $name) {\n      id\n    }\n  }\n": typeof types.FinishPasskeyRegistrationDocument,
    "\n  mutation RegenerateRecoveryCodes($input: PasswordInput!) {\n    regenerateRecoveryCodes(input: $input)\n  }\n": typeof types.RegenerateRecoveryCodesDocument,
    "\n  mutation ConfirmTotpSetup($input: MfaCodeInput!) {\n    confirmTotpSetup(input: $input)\n  }\n": typeof types.ConfirmTotpSetupDocument,
    "\n  mutation StartTotpSetup($input: PasswordInput!) {\n    startTotpSetup(input: $input) {\n      secret\n      otpauthUri\n      qrCodeSvg\n    }\n  }\n": typeof types.StartTotpSetupDocument,
    "\n  mutation DisableTotp($input: DisableTotpInput!) {\n    disableTotp(input: $input)\n  }\n": typeof types.DisableTotpDocument,
    "\n  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n": typeof types.ResetPasswordDocument,
    "\n  mutation VerifyEmail($input: VerifyEmailInput!) {\n    verifyEmail(input: $input)\n  }\n": typeof types.VerifyEmailDocument,
    "\n  mutation VerifyMfa($input: MfaCodeInput!) {\n    verifyMfa(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n": typeof types.VerifyMfaDocument,
    "\n  mutation StartPasskeyLogin {\n    startPasskeyLogin\n  }\n": typeof types.StartPasskeyLoginDocument,
    "\n  mutation FinishPasskeyLogin($response: JSON!) {\n    finishPasskeyLogin(response: $response) {\n      ...AuthPayloadFields\n    }\n  }\n": typeof types.FinishPasskeyLoginDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n": typeof types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n": typeof types.RegisterDocument,
};
const documents: Documents = {
    "\n  fragment AuthPayloadFields on AuthPayload {\n    accessToken\n    expiresAt\n    user {\n      id\n      email\n      name\n    }\n  }\n": types.AuthPayloadFieldsFragmentDoc,
    "\n  mutation RefreshToken {\n    refreshToken {\n      ...AuthPayloadFields\n    }\n  }\n": types.RefreshTokenDocument,
    "\n  query AccountHeader {\n    me {\n      id\n      email\n      name\n    }\n  }\n": types.AccountHeaderDocument,
    "\n  mutation Logout {\n    logout\n  }\n": types.LogoutDocument,
    "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n": types.ChangePasswordDocument,
    "\n  query Profile {\n    me {\n      id\n      email\n      name\n      createdAt\n      emailVerified\n      mfaEnabled\n    }\n  }\n": types.ProfileDocument,
    "\n  mutation SendVerificationEmail {\n    sendVerificationEmail\n  }\n": types.SendVerificationEmailDocument,
    "\n  query SecurityActivity {\n    securityEvents(first: 10) {\n      id\n      type\n      at\n      ipAddress\n      userAgent\n      count\n    }\n  }\n": types.SecurityActivityDocument,
    "\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      expiresAt\n      userAgent\n      ipAddress\n      current\n    }\n  }\n": types.SessionsDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n": types.RevokeSessionDocument,
    "\n  mutation LogoutAll {\n    logoutAll\n  }\n": types.LogoutAllDocument,
    "\n  mutation DeletePasskey($id: ID!) {\n    deletePasskey(id: $id)\n  }\n": types.DeletePasskeyDocument,
    "\n  query Passkeys {\n    passkeys {\n      id\n      name\n      createdAt\n      lastUsedAt\n    }\n  }\n": types.PasskeysDocument,
    "\n  mutation Reauthenticate($input: PasswordInput!) {\n    reauthenticate(input: $input)\n  }\n": types.ReauthenticateDocument,
    "\n  query StepUpAccount {\n    me {\n      id\n      mfaEnabled\n    }\n  }\n": types.StepUpAccountDocument,
    "\n  mutation StartPasskeyRegistration {\n    startPasskeyRegistration\n  }\n": types.StartPasskeyRegistrationDocument,
    "\n  mutation FinishPasskeyRegistration($response: JSON!, $name: String) {\n    finishPasskeyRegistration(response: $response, name: $name) {\n      id\n    }\n  }\n": types.FinishPasskeyRegistrationDocument,
    "\n  mutation RegenerateRecoveryCodes($input: PasswordInput!) {\n    regenerateRecoveryCodes(input: $input)\n  }\n": types.RegenerateRecoveryCodesDocument,
    "\n  mutation ConfirmTotpSetup($input: MfaCodeInput!) {\n    confirmTotpSetup(input: $input)\n  }\n": types.ConfirmTotpSetupDocument,
    "\n  mutation StartTotpSetup($input: PasswordInput!) {\n    startTotpSetup(input: $input) {\n      secret\n      otpauthUri\n      qrCodeSvg\n    }\n  }\n": types.StartTotpSetupDocument,
    "\n  mutation DisableTotp($input: DisableTotpInput!) {\n    disableTotp(input: $input)\n  }\n": types.DisableTotpDocument,
    "\n  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input)\n  }\n": types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n": types.ResetPasswordDocument,
    "\n  mutation VerifyEmail($input: VerifyEmailInput!) {\n    verifyEmail(input: $input)\n  }\n": types.VerifyEmailDocument,
    "\n  mutation VerifyMfa($input: MfaCodeInput!) {\n    verifyMfa(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n": types.VerifyMfaDocument,
    "\n  mutation StartPasskeyLogin {\n    startPasskeyLogin\n  }\n": types.StartPasskeyLoginDocument,
    "\n  mutation FinishPasskeyLogin($response: JSON!) {\n    finishPasskeyLogin(response: $response) {\n      ...AuthPayloadFields\n    }\n  }\n": types.FinishPasskeyLoginDocument,
    "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n": types.LoginDocument,
    "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n": types.RegisterDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AuthPayloadFields on AuthPayload {\n    accessToken\n    expiresAt\n    user {\n      id\n      email\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment AuthPayloadFields on AuthPayload {\n    accessToken\n    expiresAt\n    user {\n      id\n      email\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshToken {\n    refreshToken {\n      ...AuthPayloadFields\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshToken {\n    refreshToken {\n      ...AuthPayloadFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccountHeader {\n    me {\n      id\n      email\n      name\n    }\n  }\n"): (typeof documents)["\n  query AccountHeader {\n    me {\n      id\n      email\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Logout {\n    logout\n  }\n"): (typeof documents)["\n  mutation Logout {\n    logout\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n"): (typeof documents)["\n  mutation ChangePassword($input: ChangePasswordInput!) {\n    changePassword(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Profile {\n    me {\n      id\n      email\n      name\n      createdAt\n      emailVerified\n      mfaEnabled\n    }\n  }\n"): (typeof documents)["\n  query Profile {\n    me {\n      id\n      email\n      name\n      createdAt\n      emailVerified\n      mfaEnabled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendVerificationEmail {\n    sendVerificationEmail\n  }\n"): (typeof documents)["\n  mutation SendVerificationEmail {\n    sendVerificationEmail\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SecurityActivity {\n    securityEvents(first: 10) {\n      id\n      type\n      at\n      ipAddress\n      userAgent\n      count\n    }\n  }\n"): (typeof documents)["\n  query SecurityActivity {\n    securityEvents(first: 10) {\n      id\n      type\n      at\n      ipAddress\n      userAgent\n      count\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      expiresAt\n      userAgent\n      ipAddress\n      current\n    }\n  }\n"): (typeof documents)["\n  query Sessions {\n    sessions {\n      id\n      createdAt\n      lastUsedAt\n      expiresAt\n      userAgent\n      ipAddress\n      current\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"): (typeof documents)["\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogoutAll {\n    logoutAll\n  }\n"): (typeof documents)["\n  mutation LogoutAll {\n    logoutAll\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeletePasskey($id: ID!) {\n    deletePasskey(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeletePasskey($id: ID!) {\n    deletePasskey(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Passkeys {\n    passkeys {\n      id\n      name\n      createdAt\n      lastUsedAt\n    }\n  }\n"): (typeof documents)["\n  query Passkeys {\n    passkeys {\n      id\n      name\n      createdAt\n      lastUsedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Reauthenticate($input: PasswordInput!) {\n    reauthenticate(input: $input)\n  }\n"): (typeof documents)["\n  mutation Reauthenticate($input: PasswordInput!) {\n    reauthenticate(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StepUpAccount {\n    me {\n      id\n      mfaEnabled\n    }\n  }\n"): (typeof documents)["\n  query StepUpAccount {\n    me {\n      id\n      mfaEnabled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartPasskeyRegistration {\n    startPasskeyRegistration\n  }\n"): (typeof documents)["\n  mutation StartPasskeyRegistration {\n    startPasskeyRegistration\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FinishPasskeyRegistration($response: JSON!, $name: String) {\n    finishPasskeyRegistration(response: $response, name: $name) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation FinishPasskeyRegistration($response: JSON!, $name: String) {\n    finishPasskeyRegistration(response: $response, name: $name) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegenerateRecoveryCodes($input: PasswordInput!) {\n    regenerateRecoveryCodes(input: $input)\n  }\n"): (typeof documents)["\n  mutation RegenerateRecoveryCodes($input: PasswordInput!) {\n    regenerateRecoveryCodes(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmTotpSetup($input: MfaCodeInput!) {\n    confirmTotpSetup(input: $input)\n  }\n"): (typeof documents)["\n  mutation ConfirmTotpSetup($input: MfaCodeInput!) {\n    confirmTotpSetup(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartTotpSetup($input: PasswordInput!) {\n    startTotpSetup(input: $input) {\n      secret\n      otpauthUri\n      qrCodeSvg\n    }\n  }\n"): (typeof documents)["\n  mutation StartTotpSetup($input: PasswordInput!) {\n    startTotpSetup(input: $input) {\n      secret\n      otpauthUri\n      qrCodeSvg\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DisableTotp($input: DisableTotpInput!) {\n    disableTotp(input: $input)\n  }\n"): (typeof documents)["\n  mutation DisableTotp($input: DisableTotpInput!) {\n    disableTotp(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input)\n  }\n"): (typeof documents)["\n  mutation RequestPasswordReset($input: RequestPasswordResetInput!) {\n    requestPasswordReset(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n"): (typeof documents)["\n  mutation ResetPassword($input: ResetPasswordInput!) {\n    resetPassword(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyEmail($input: VerifyEmailInput!) {\n    verifyEmail(input: $input)\n  }\n"): (typeof documents)["\n  mutation VerifyEmail($input: VerifyEmailInput!) {\n    verifyEmail(input: $input)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyMfa($input: MfaCodeInput!) {\n    verifyMfa(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n"): (typeof documents)["\n  mutation VerifyMfa($input: MfaCodeInput!) {\n    verifyMfa(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartPasskeyLogin {\n    startPasskeyLogin\n  }\n"): (typeof documents)["\n  mutation StartPasskeyLogin {\n    startPasskeyLogin\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FinishPasskeyLogin($response: JSON!) {\n    finishPasskeyLogin(response: $response) {\n      ...AuthPayloadFields\n    }\n  }\n"): (typeof documents)["\n  mutation FinishPasskeyLogin($response: JSON!) {\n    finishPasskeyLogin(response: $response) {\n      ...AuthPayloadFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n"): (typeof documents)["\n  mutation Login($input: LoginInput!) {\n    login(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n"): (typeof documents)["\n  mutation Register($input: RegisterInput!) {\n    register(input: $input) {\n      ...AuthPayloadFields\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;