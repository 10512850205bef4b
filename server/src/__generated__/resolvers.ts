import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { UserView } from '../users/userView';
import { SessionView } from '../sessions/sessionModel';
import { SecurityEventDocument } from '../securityEvents/securityEventModel';
import { PasskeyDocument } from '../passkeys/passkeyModels';
import { GraphQLContext } from '../context';
import { SignedIn } from '../graphql/authenticated';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant in time, serialised as an ISO-8601 string in UTC (for example `2026-11-28T17:46:00.000Z`). */
  DateTime: { input: Date; output: Date; }
  /** Any JSON value: WebAuthn options and responses, in the JSON forms of the WebAuthn spec (base64url strings). */
  JSON: { input: unknown; output: unknown; }
  _FieldSet: { input: unknown; output: unknown; }
};

/**
 * The result of signing in or refreshing. The refresh token is not here: it is
 * set as an HttpOnly cookie on the response.
 */
export type AuthPayload = {
  __typename?: 'AuthPayload';
  /** A short-lived JWT. Send it as `Authorization: Bearer <accessToken>`. */
  accessToken: Scalars['String']['output'];
  /** When `accessToken` expires; refresh a little before this. */
  expiresAt: Scalars['DateTime']['output'];
  /** The signed-in user. */
  user: User;
};

export type ChangePasswordInput = {
  /** The password in use now. */
  currentPassword: Scalars['String']['input'];
  /** The new password, screened as `RegisterInput.password` is (`extensions.reason` on a refusal). */
  newPassword: Scalars['String']['input'];
};

export type DisableTotpInput = {
  /** A 6-digit code from the authenticator app, or a recovery code. */
  code: Scalars['String']['input'];
  password: Scalars['String']['input'];
};

export type LoginInput = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};

export type MfaCodeInput = {
  /** A 6-digit code from the authenticator app, or one of the recovery codes. */
  code: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Change the password, end every other session and keep this one. Sets a new
   * refresh-token cookie. Errors: UNAUTHENTICATED (also when a reset or another change
   * of the same password wrote first), BAD_USER_INPUT, RATE_LIMITED.
   */
  changePassword: AuthPayload;
  /**
   * Finish the setup with a code from the app: turns MFA on and returns the 10 recovery codes,
   * shown this once. Errors: INVALID_CODE, EMAIL_NOT_VERIFIED, BAD_USER_INPUT (no setup started).
   */
  confirmTotpSetup: Array<Scalars['String']['output']>;
  /**
   * Remove one of the signed-in user's passkeys. Needs a sign-in (or `reauthenticate`) within the
   * last 10 minutes, like adding one. Errors: UNAUTHENTICATED, REAUTHENTICATION_REQUIRED, FORBIDDEN
   * (not one of yours).
   */
  deletePasskey: Scalars['Boolean']['output'];
  /** Turn MFA off. Needs the password and a valid code. Errors: BAD_USER_INPUT, INVALID_CODE. */
  disableTotp: Scalars['Boolean']['output'];
  /**
   * Finish a passkey sign-in with the authenticator's answer (AuthenticationResponseJSON): a full
   * sign-in (it satisfies two-factor), which sets the refresh cookie like `login`. Errors:
   * PASSKEY_REFUSED (unknown passkey, expired or replayed request, failed check, with a message
   * saying which), BAD_USER_INPUT, RATE_LIMITED.
   */
  finishPasskeyLogin: AuthPayload;
  /**
   * Finish adding a passkey with the authenticator's answer (RegistrationResponseJSON). Records
   * PASSKEY_ADDED and mails the owner. Errors: UNAUTHENTICATED (no or expired access token),
   * PASSKEY_REFUSED (a failed, expired or replayed ceremony, or a passkey already registered,
   * with a message saying which), REAUTHENTICATION_REQUIRED, EMAIL_NOT_VERIFIED, BAD_USER_INPUT.
   */
  finishPasskeyRegistration: Passkey;
  /**
   * Sign in. Sets the refresh-token cookie.
   * Errors: BAD_USER_INPUT, UNAUTHENTICATED (wrong email or password), RATE_LIMITED,
   * PASSWORD_RESET_REQUIRED (the right password of an account blocked after too many wrong
   * second-factor codes in a row: reset the password, or sign in with a passkey).
   */
  login: AuthPayload;
  /**
   * End the session of the refresh-token cookie and clear the cookie. Needs only
   * the cookie; returns true even when there was nothing to end.
   */
  logout: Scalars['Boolean']['output'];
  /** End every session of the signed-in user, this one included. */
  logoutAll: Scalars['Boolean']['output'];
  /**
   * Enter the password again on this device, and on an account with two-factor authentication a
   * code (`input.code`): a step-up that sensitive changes (adding or removing a passkey) ask for
   * when the last sign-in here is older than 10 minutes. Limited like a login, and per account
   * (PASSWORD_CONFIRM_MAX an hour, successes included). Errors: UNAUTHENTICATED, BAD_USER_INPUT
   * (wrong password: `field` "password"; no code on an account with MFA: `field` "code"),
   * INVALID_CODE, RATE_LIMITED.
   */
  reauthenticate: Scalars['Boolean']['output'];
  /**
   * Exchange the refresh-token cookie for a new access token and a new refresh
   * token (rotation). Needs no Authorization header. Errors: UNAUTHENTICATED.
   */
  refreshToken: AuthPayload;
  /**
   * A new set of 10 recovery codes; the old set stops working. Needs the password. Errors:
   * BAD_USER_INPUT (wrong password: `field` "password"), RATE_LIMITED (PASSWORD_CONFIRM_MAX).
   */
  regenerateRecoveryCodes: Array<Scalars['String']['output']>;
  /**
   * Create an account and sign in. Sets the refresh-token cookie.
   * Errors: BAD_USER_INPUT, EMAIL_TAKEN, RATE_LIMITED.
   */
  register: AuthPayload;
  /**
   * Email a password-reset link, valid for PASSWORD_RESET_TTL (1 hour), if an account
   * has this address; a new request makes the previous link invalid. Returns true
   * either way and never says whether the account exists. Errors: BAD_USER_INPUT,
   * RATE_LIMITED (per address and per network).
   */
  requestPasswordReset: Scalars['Boolean']['output'];
  /**
   * Set a new password with an emailed token, once. Ends every session of the account,
   * marks its email verified and emails a notice; signs nobody in (sign in with the new
   * password). On an account whose email was not verified before, it also removes the
   * passkeys, TOTP and recovery codes added before, and the notice says so. Errors:
   * INVALID_TOKEN (unknown, expired, used or superseded, or the password changed
   * meanwhile), BAD_USER_INPUT (the token stays usable), RATE_LIMITED (per network).
   */
  resetPassword: Scalars['Boolean']['output'];
  /** End one of the signed-in user's own sessions. Errors: UNAUTHENTICATED, FORBIDDEN. */
  revokeSession: Scalars['Boolean']['output'];
  /**
   * Email a new verification link to the signed-in user. True, and nothing sent, when the
   * address is already verified. Errors: UNAUTHENTICATED, RATE_LIMITED.
   */
  sendVerificationEmail: Scalars['Boolean']['output'];
  /**
   * Begin a passkey sign-in: WebAuthn request options (PublicKeyCredentialRequestOptionsJSON)
   * for discoverable credentials, bound to this browser by a 5-minute HttpOnly cookie.
   * No token needed. Errors: RATE_LIMITED.
   */
  startPasskeyLogin: Scalars['JSON']['output'];
  /**
   * Begin adding a passkey: WebAuthn creation options (PublicKeyCredentialCreationOptionsJSON) for
   * `navigator.credentials.create`, with a challenge valid for 5 minutes. Needs an access token
   * and a sign-in (or `reauthenticate`) within the last 10 minutes, on an account whose email
   * address is confirmed. Errors: UNAUTHENTICATED, REAUTHENTICATION_REQUIRED, EMAIL_NOT_VERIFIED,
   * BAD_USER_INPUT (10 passkeys already).
   */
  startPasskeyRegistration: Scalars['JSON']['output'];
  /**
   * Begin turning on two-factor authentication: a fresh secret, its otpauth URI and QR code.
   * Needs an access token, a confirmed email address and the password. Errors: UNAUTHENTICATED,
   * EMAIL_NOT_VERIFIED, BAD_USER_INPUT (wrong password: `field` "password"), RATE_LIMITED
   * (PASSWORD_CONFIRM_MAX confirmations an hour).
   */
  startTotpSetup: TotpSetup;
  /**
   * Mark the email of the token's account verified. The same token again answers true.
   * Errors: INVALID_TOKEN, BAD_USER_INPUT.
   */
  verifyEmail: Scalars['Boolean']['output'];
  /**
   * Login step 2, after `login` answered MFA_REQUIRED (which set a pending-login cookie for 5
   * minutes): a TOTP code or a recovery code completes the sign-in as `login` would. Errors:
   * INVALID_CODE (5 wrong codes void the pending login: sign in again), UNAUTHENTICATED (no or
   * expired pending login), RATE_LIMITED, PASSWORD_RESET_REQUIRED (MFA_MAX_CONSECUTIVE_FAILURES
   * wrong codes in a row: every pending login is void until the password is reset).
   */
  verifyMfa: AuthPayload;
};


export type MutationChangePasswordArgs = {
  input: ChangePasswordInput;
};


export type MutationConfirmTotpSetupArgs = {
  input: MfaCodeInput;
};


export type MutationDeletePasskeyArgs = {
  id: Scalars['ID']['input'];
};


export type MutationDisableTotpArgs = {
  input: DisableTotpInput;
};


export type MutationFinishPasskeyLoginArgs = {
  response: Scalars['JSON']['input'];
};


export type MutationFinishPasskeyRegistrationArgs = {
  name?: InputMaybe<Scalars['String']['input']>;
  response: Scalars['JSON']['input'];
};


export type MutationLoginArgs = {
  input: LoginInput;
};


export type MutationReauthenticateArgs = {
  input: PasswordInput;
};


export type MutationRegenerateRecoveryCodesArgs = {
  input: PasswordInput;
};


export type MutationRegisterArgs = {
  input: RegisterInput;
};


export type MutationRequestPasswordResetArgs = {
  input: RequestPasswordResetInput;
};


export type MutationResetPasswordArgs = {
  input: ResetPasswordInput;
};


export type MutationRevokeSessionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationStartTotpSetupArgs = {
  input: PasswordInput;
};


export type MutationVerifyEmailArgs = {
  input: VerifyEmailInput;
};


export type MutationVerifyMfaArgs = {
  input: MfaCodeInput;
};

/** A passkey (a WebAuthn discoverable credential) of the signed-in user. */
export type Passkey = {
  __typename?: 'Passkey';
  createdAt: Scalars['DateTime']['output'];
  /** The credential id (base64url). */
  id: Scalars['ID']['output'];
  /** The last sign-in with it. */
  lastUsedAt: Maybe<Scalars['DateTime']['output']>;
  /** The label given when it was added, if any. */
  name: Maybe<Scalars['String']['output']>;
};

export type PasswordInput = {
  /**
   * For `reauthenticate` on an account with two-factor authentication: a code from the
   * authenticator app, or a recovery code. Ignored elsewhere.
   */
  code?: InputMaybe<Scalars['String']['input']>;
  /** The account's current password. */
  password: Scalars['String']['input'];
};

export type Query = {
  __typename?: 'Query';
  /** The signed-in user. Requires `Authorization: Bearer`. */
  me: User;
  /** The signed-in user's passkeys, oldest first. Requires `Authorization: Bearer`. */
  passkeys: Array<Passkey>;
  /**
   * The signed-in user's own security events, newest first, at most `first` of them
   * (1 to 100). Requires `Authorization: Bearer`.
   */
  securityEvents: Array<SecurityEvent>;
  /**
   * The signed-in user's active sessions, most recently used first, at most
   * `first` of them (1 to 100). Requires `Authorization: Bearer`.
   */
  sessions: Array<Session>;
};


export type QuerySecurityEventsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QuerySessionsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type RegisterInput = {
  /** Email address; trimmed and lower-cased. Must be unique. */
  email: Scalars['String']['input'];
  /** Optional display name, at most 100 characters. */
  name?: InputMaybe<Scalars['String']['input']>;
  /**
   * At least 8 characters and at most 72 bytes in UTF-8, not a common password, not containing the
   * email's local part or the name, not breached. A refusal is BAD_USER_INPUT with `extensions.field`
   * and `extensions.reason`: TOO_SHORT, TOO_LONG, COMMON_PASSWORD, CONTAINS_PERSONAL_INFO or BREACHED.
   */
  password: Scalars['String']['input'];
};

export type RequestPasswordResetInput = {
  /** The account's email address. The answer is the same whether or not an account has it. */
  email: Scalars['String']['input'];
};

export type ResetPasswordInput = {
  /** The new password, screened as `RegisterInput.password` is (`extensions.reason` on a refusal). */
  newPassword: Scalars['String']['input'];
  /** The token from the emailed link (`/reset-password?token=…`). */
  token: Scalars['String']['input'];
};

/** One security event of the signed-in user. Never holds a token, code or password. */
export type SecurityEvent = {
  __typename?: 'SecurityEvent';
  /** When it happened (UTC). */
  at: Scalars['DateTime']['output'];
  /**
   * How many events this one stands for: failures anyone can cause (LOGIN_FAILED,
   * PASSWORD_RESET_REQUESTED) are kept as one event per account, address and UTC day, with `at` the
   * latest (beyond 3 addresses a day they share one, without an address). 1 for every other type.
   */
  count: Scalars['Int']['output'];
  id: Scalars['ID']['output'];
  /** The client address of the request that caused it, when known. */
  ipAddress: Maybe<Scalars['String']['output']>;
  type: SecurityEventType;
  /** The User-Agent of that request, when sent. */
  userAgent: Maybe<Scalars['String']['output']>;
};

/** What happened to an account: recorded for its owner, kept for SECURITY_EVENT_RETENTION (90 days). */
export type SecurityEventType =
  /** Every session ended (log out everywhere). */
  | 'ALL_SESSIONS_REVOKED'
  | 'EMAIL_VERIFIED'
  /** A wrong password for this account. */
  | 'LOGIN_FAILED'
  /** A sign-in with the right password. */
  | 'LOGIN_SUCCEEDED'
  /** A session ended with logout. */
  | 'LOGOUT'
  | 'MFA_DISABLED'
  | 'MFA_ENABLED'
  | 'PASSKEY_ADDED'
  | 'PASSKEY_REMOVED'
  | 'PASSWORD_CHANGED'
  /** The password was set with a reset link; every session ended. */
  | 'PASSWORD_RESET'
  /** A reset link was mailed. */
  | 'PASSWORD_RESET_REQUESTED'
  | 'RECOVERY_CODES_REGENERATED'
  | 'RECOVERY_CODE_USED'
  /** A refresh token was used twice: its session was ended as possibly stolen. */
  | 'REFRESH_TOKEN_REUSE'
  /** A wrong second-factor code right after the right password: someone has the password (recorded and mailed at most once an hour). */
  | 'SECOND_FACTOR_FAILED'
  /** One session ended from the sessions list. */
  | 'SESSION_REVOKED'
  /** MFA_MAX_CONSECUTIVE_FAILURES wrong second-factor codes in a row: signing in with the password is blocked until a password reset (passkeys still sign in). */
  | 'SIGN_IN_BLOCKED';

/**
 * One signed-in device or browser. A session is created by `register` or `login`
 * and ends with `logout`, `logoutAll`, `revokeSession`, a password change, reuse
 * of an old refresh token, or expiry.
 */
export type Session = {
  __typename?: 'Session';
  /** When the user signed in on this device. */
  createdAt: Scalars['DateTime']['output'];
  /** True for the session of the access token making this request. */
  current: Scalars['Boolean']['output'];
  /**
   * When this session ends unless it is refreshed: the earlier of its idle expiry
   * (extended by each refresh) and its absolute expiry (never extended).
   */
  expiresAt: Scalars['DateTime']['output'];
  /** Stable identifier of the session (the `sid` claim of its access tokens). */
  id: Scalars['ID']['output'];
  /** The client IP address seen when the session was created. */
  ipAddress: Maybe<Scalars['String']['output']>;
  /** When this session last obtained tokens (sign-in or refresh). */
  lastUsedAt: Scalars['DateTime']['output'];
  /** The User-Agent header sent when the session was created. */
  userAgent: Maybe<Scalars['String']['output']>;
};

/** A new authenticator secret, shown once; nothing changes until `confirmTotpSetup`. */
export type TotpSetup = {
  __typename?: 'TotpSetup';
  /** otpauth://totp/… with issuer and account: what the QR code holds. */
  otpauthUri: Scalars['String']['output'];
  /** The QR code of `otpauthUri`, as an SVG document. */
  qrCodeSvg: Scalars['String']['output'];
  /** The secret in base32, for typing into an app by hand. */
  secret: Scalars['String']['output'];
};

/**
 * A registered account. Other subgraphs refer to it by `id` (`_entities`, signed-in callers only):
 * `id` and `name` of any account, the other fields of the caller's own only (FORBIDDEN otherwise).
 */
export type User = {
  __typename?: 'User';
  /** When the account was created. */
  createdAt: Scalars['DateTime']['output'];
  /** The account's email address, trimmed and lower-cased. */
  email: Scalars['String']['output'];
  /** True once the owner opened a verification link sent to `email` (or reset the password through one). */
  emailVerified: Scalars['Boolean']['output'];
  /** Stable identifier of the account. */
  id: Scalars['ID']['output'];
  /** True when signing in asks for a second factor (an authenticator app's code, or a recovery code). */
  mfaEnabled: Scalars['Boolean']['output'];
  /** Display name, if the user gave one. */
  name: Maybe<Scalars['String']['output']>;
};

export type VerifyEmailInput = {
  /** The token from the emailed link (`/verify-email?token=…`). */
  token: Scalars['String']['input'];
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  User: User;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AuthPayload: ResolverTypeWrapper<Omit<AuthPayload, 'user'> & { user: ResolversTypes['User'] }>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ChangePasswordInput: ChangePasswordInput;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DisableTotpInput: DisableTotpInput;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  LoginInput: LoginInput;
  MfaCodeInput: MfaCodeInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Passkey: ResolverTypeWrapper<PasskeyDocument>;
  PasswordInput: PasswordInput;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  RegisterInput: RegisterInput;
  RequestPasswordResetInput: RequestPasswordResetInput;
  ResetPasswordInput: ResetPasswordInput;
  SecurityEvent: ResolverTypeWrapper<SecurityEventDocument>;
  SecurityEventType: SecurityEventType;
  Session: ResolverTypeWrapper<SessionView>;
  TotpSetup: ResolverTypeWrapper<TotpSetup>;
  User: ResolverTypeWrapper<UserView>;
  VerifyEmailInput: VerifyEmailInput;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AuthPayload: Omit<AuthPayload, 'user'> & { user: ResolversParentTypes['User'] };
  String: Scalars['String']['output'];
  ChangePasswordInput: ChangePasswordInput;
  DateTime: Scalars['DateTime']['output'];
  DisableTotpInput: DisableTotpInput;
  JSON: Scalars['JSON']['output'];
  LoginInput: LoginInput;
  MfaCodeInput: MfaCodeInput;
  Mutation: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
  ID: Scalars['ID']['output'];
  Passkey: PasskeyDocument;
  PasswordInput: PasswordInput;
  Query: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  RegisterInput: RegisterInput;
  RequestPasswordResetInput: RequestPasswordResetInput;
  ResetPasswordInput: ResetPasswordInput;
  SecurityEvent: SecurityEventDocument;
  Session: SessionView;
  TotpSetup: TotpSetup;
  User: UserView;
  VerifyEmailInput: VerifyEmailInput;
}>;

export type ExpensiveDirectiveArgs = { };

export type ExpensiveDirectiveResolver<Result, Parent, ContextType = GraphQLContext, Args = ExpensiveDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AuthPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuthPayload'] = ResolversParentTypes['AuthPayload']> = ResolversObject<{
  accessToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  changePassword?: Resolver<ResolversTypes['AuthPayload'], ParentType, SignedIn<ContextType>, RequireFields<MutationChangePasswordArgs, 'input'>>;
  confirmTotpSetup?: Resolver<Array<ResolversTypes['String']>, ParentType, SignedIn<ContextType>, RequireFields<MutationConfirmTotpSetupArgs, 'input'>>;
  deletePasskey?: Resolver<ResolversTypes['Boolean'], ParentType, SignedIn<ContextType>, RequireFields<MutationDeletePasskeyArgs, 'id'>>;
  disableTotp?: Resolver<ResolversTypes['Boolean'], ParentType, SignedIn<ContextType>, RequireFields<MutationDisableTotpArgs, 'input'>>;
  finishPasskeyLogin?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationFinishPasskeyLoginArgs, 'response'>>;
  finishPasskeyRegistration?: Resolver<ResolversTypes['Passkey'], ParentType, SignedIn<ContextType>, RequireFields<MutationFinishPasskeyRegistrationArgs, 'response'>>;
  login?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationLoginArgs, 'input'>>;
  logout?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  logoutAll?: Resolver<ResolversTypes['Boolean'], ParentType, SignedIn<ContextType>>;
  reauthenticate?: Resolver<ResolversTypes['Boolean'], ParentType, SignedIn<ContextType>, RequireFields<MutationReauthenticateArgs, 'input'>>;
  refreshToken?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType>;
  regenerateRecoveryCodes?: Resolver<Array<ResolversTypes['String']>, ParentType, SignedIn<ContextType>, RequireFields<MutationRegenerateRecoveryCodesArgs, 'input'>>;
  register?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationRegisterArgs, 'input'>>;
  requestPasswordReset?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRequestPasswordResetArgs, 'input'>>;
  resetPassword?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationResetPasswordArgs, 'input'>>;
  revokeSession?: Resolver<ResolversTypes['Boolean'], ParentType, SignedIn<ContextType>, RequireFields<MutationRevokeSessionArgs, 'id'>>;
  sendVerificationEmail?: Resolver<ResolversTypes['Boolean'], ParentType, SignedIn<ContextType>>;
  startPasskeyLogin?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  startPasskeyRegistration?: Resolver<ResolversTypes['JSON'], ParentType, SignedIn<ContextType>>;
  startTotpSetup?: Resolver<ResolversTypes['TotpSetup'], ParentType, SignedIn<ContextType>, RequireFields<MutationStartTotpSetupArgs, 'input'>>;
  verifyEmail?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationVerifyEmailArgs, 'input'>>;
  verifyMfa?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationVerifyMfaArgs, 'input'>>;
}>;

export type PasskeyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Passkey'] = ResolversParentTypes['Passkey']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  me?: Resolver<ResolversTypes['User'], ParentType, SignedIn<ContextType>>;
  passkeys?: Resolver<Array<ResolversTypes['Passkey']>, ParentType, SignedIn<ContextType>>;
  securityEvents?: Resolver<Array<ResolversTypes['SecurityEvent']>, ParentType, SignedIn<ContextType>, RequireFields<QuerySecurityEventsArgs, 'first'>>;
  sessions?: Resolver<Array<ResolversTypes['Session']>, ParentType, SignedIn<ContextType>, RequireFields<QuerySessionsArgs, 'first'>>;
}>;

export type SecurityEventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SecurityEvent'] = ResolversParentTypes['SecurityEvent']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ipAddress?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['SecurityEventType'], ParentType, ContextType>;
  userAgent?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type SessionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Session'] = ResolversParentTypes['Session']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  current?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ipAddress?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  lastUsedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  userAgent?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type TotpSetupResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TotpSetup'] = ResolversParentTypes['TotpSetup']> = ResolversObject<{
  otpauthUri?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  qrCodeSvg?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type UserResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  emailVerified?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  mfaEnabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  name?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type Resolvers<ContextType = GraphQLContext> = ResolversObject<{
  AuthPayload?: AuthPayloadResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  JSON?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  Passkey?: PasskeyResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  SecurityEvent?: SecurityEventResolvers<ContextType>;
  Session?: SessionResolvers<ContextType>;
  TotpSetup?: TotpSetupResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = GraphQLContext> = ResolversObject<{
  expensive?: ExpensiveDirectiveResolver<any, any, ContextType>;
}>;
