// The shape of the parsed configuration: typed, validated and frozen by loadConfig (index.ts).
export type SameSite = 'strict' | 'lax' | 'none';

export interface Config {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly isProduction: boolean;
  readonly port: number;
  readonly host: string;
  readonly mongodbUri: string;
  readonly jwt: {
    /** ACCESS_TOKEN_ALG: ES256 signs with the key ring (signingKeys/), HS256 with accessSecret. */
    readonly alg: 'ES256' | 'HS256';
    /** JWT_ACCESS_SECRET: signs under HS256; '' in production under ES256 when unset. */
    readonly accessSecret: string;
    readonly issuer: string;
    readonly audience: string;
    readonly accessTtlMs: number;
  };
  readonly signingKeys: {
    /** AES-256-GCM key sealing private signing keys at rest (KEY_ENCRYPTION_KEY); null under HS256. */
    readonly encryptionKey: Buffer | null;
    /** JWKS_PUBLISH_AHEAD: a new key is in the JWKS at least this long before it signs. */
    readonly publishAheadMs: number;
    /** SIGNING_KEY_LIFETIME: a key signs this long, then the next one takes over; 0 = until `keys rotate`. */
    readonly lifetimeMs: number;
  };
  readonly refresh: {
    /** Key of the HMAC that derives a refresh token's successor. */
    readonly successorSecret: string;
    /** REFRESH_TOKEN_SECRET_PREVIOUS: the key before the last change, to recognise replays of older tokens. */
    readonly previousSuccessorSecret: string | null;
    readonly idleTtlMs: number;
    readonly absoluteTtlMs: number;
    readonly reuseIntervalMs: number;
  };
  readonly cookie: {
    /** The refresh-token cookie. */
    readonly name: string;
    /** The device cookie (security/deviceCookie.ts). */
    readonly deviceName: string;
    /** The pending-login cookie of a login waiting for its second factor. */
    readonly pendingLoginName: string;
    /** Carries a passkey sign-in's challenge from startPasskeyLogin to finishPasskeyLogin. */
    readonly passkeyLoginName: string;
    readonly secure: boolean;
    readonly sameSite: SameSite;
    readonly path: string;
  };
  readonly bcryptCost: number;
  /** bcrypt hashes computed at once; more wait in a queue of at most bcryptMaxQueue, then SERVICE_UNAVAILABLE. */
  readonly bcryptMaxConcurrency: number;
  readonly bcryptMaxQueue: number;
  /** Of that queue, the places one account may hold: beyond, its hash is SERVICE_UNAVAILABLE at once. */
  readonly bcryptMaxQueuePerAccount: number;
  /** Breached-password screening of new passwords (auth/breachedPasswords.ts). */
  readonly passwordBreachCheck: {
    /** PASSWORD_BREACH_CHECK_URL: a Pwned Passwords range endpoint ending in `/`; null: off. */
    readonly url: string | null;
    /** PASSWORD_BREACH_CHECK_TIMEOUT: past it the password is accepted unchecked (and logged). */
    readonly timeoutMs: number;
  };
  /** Live sessions one user may have; signing in past it ends the least recently used. */
  readonly maxSessionsPerUser: number;
  readonly rateLimits: {
    readonly loginWindowMs: number;
    readonly loginMaxFailures: number;
    readonly loginMaxFailuresPerAccount: number;
    readonly loginMaxFailuresPerIp: number;
    readonly loginMaxFailuresPerDevice: number;
    readonly loginMaxAttemptsPerAccount: number;
    readonly loginMaxAttemptsPerIp: number;
    readonly passwordChangeWindowMs: number;
    readonly passwordChangeMax: number;
    /** Password confirmations (reauthenticate, MFA changes) per account and hour, successes included. */
    readonly passwordConfirmMax: number;
    readonly refreshWindowMs: number;
    readonly refreshMaxPerSession: number;
    readonly registerWindowMs: number;
    readonly registerMaxPerIp: number;
    readonly passwordResetWindowMs: number;
    readonly passwordResetMaxPerEmail: number;
    readonly passwordResetMaxPerIp: number;
    readonly verificationEmailWindowMs: number;
    readonly verificationEmailMax: number;
  };
  readonly mail: {
    /** smtp:// or smtps:// with credentials if any; null: development logs each message, tests drop it. */
    readonly smtpUrl: string | null;
    readonly from: string;
    /** First retry after this long; each next one waits four times longer (3 retries). */
    readonly retryDelayMs: number;
    /** Notices (security-event mail) one address may get per hour; the rest are dropped and logged. */
    readonly maxPerRecipient: number;
    /** Messages queued (posted, not yet delivered or given up) at most; more are dropped and logged. */
    readonly queueMax: number;
  };
  /** The web app's origin: emailed links are built from it, never from a request's Host header. */
  readonly appUrl: string;
  readonly mfa: {
    /** AES-256-GCM key for TOTP secrets at rest (MFA_ENCRYPTION_KEY; derived from JWT_ACCESS_SECRET in development). */
    readonly encryptionKey: Buffer;
    /** The issuer an authenticator app shows beside the account. */
    readonly issuer: string;
    /** Wrong second-factor codes per account per LOGIN_WINDOW. */
    readonly maxFailuresPerAccount: number;
    /**
     * Wrong second-factor codes in a row (untrusted devices) that block password sign-in until a
     * password reset (MFA_MAX_CONSECUTIVE_FAILURES).
     */
    readonly maxConsecutiveFailures: number;
  };
  /** The WebAuthn relying party every passkey ceremony is checked against. */
  readonly webauthn: {
    /**
     * WEBAUTHN_RP_ID: the domain passkeys are bound to (APP_URL's host by default). Null when
     * APP_URL is an IP address and no RP ID is set: browsers refuse passkeys there, so they are off.
     */
    readonly rpId: string | null;
    /** WEBAUTHN_ORIGIN: the origins a ceremony may come from (APP_URL by default; comma-separated). */
    readonly origins: readonly string[];
    /** The name an authenticator shows beside the passkey (MFA_ISSUER). */
    readonly rpName: string;
  };
  readonly emailTokens: {
    readonly passwordResetTtlMs: number;
    readonly emailVerificationTtlMs: number;
  };
  readonly graphql: {
    readonly introspection: boolean;
    readonly landingPage: boolean;
    readonly allowBatching: boolean;
    readonly persistedQueries: boolean;
    readonly maxDepth: number;
    readonly maxAliases: number;
    readonly maxCost: number;
    readonly maxTokens: number;
  };
  readonly http: {
    readonly bodyLimit: string;
    readonly corsOrigins: readonly string[];
    /** Express's "trust proxy": a hop count, or addresses/subnets/names such as loopback. */
    readonly trustProxy: number | string | false;
    readonly requestTimeoutMs: number;
    readonly shutdownTimeoutMs: number;
  };
  readonly db: {
    readonly operationTimeoutMs: number;
  };
  /** How long another instance may keep trusting a session it saw as live (ASVS 3.3: revocation within seconds). */
  readonly sessionCacheTtlMs: number;
  /** How long security events are kept for their owner (SECURITY_EVENT_RETENTION). */
  readonly securityEventRetentionMs: number;
  readonly purgeIntervalMs: number;
  readonly logLevel: string;
  readonly logs: {
    /** Key of the HMAC an email (and, with LOG_HASH_KEY set, a client address) is logged as. */
    readonly hashKey: Buffer;
    /** LOG_HASH_KEY is set: client addresses are logged as their HMAC too, not in clear. */
    readonly hashAddresses: boolean;
  };
}
