// Wires the services together once per app. Resolvers reach only what is
// returned here, through the context: services, never config, models or the database.
import type { Clock } from './clock';
import type { Config } from './config';
import type { Database } from './db';
import type { Logger } from './logger';
import { CLOCK_LEEWAY_MS, createAccessTokens } from './auth/tokens';
import { createPasswordHasher } from './auth/password';
import { createBreachCheck } from './auth/breachedPasswords';
import { createPasswordScreen } from './auth/credentials';
import { createPasswordConfirmation } from './auth/passwordConfirmation';
import { createViewerCheck } from './auth/viewer';
import { createRateLimiter } from './security/rateLimiter';
import { createDeviceCookies } from './security/deviceCookie';
import { createRateLimitPolicy } from './security/rateLimitPolicy';
import { createRefreshTokenCrypto } from './sessions/refreshToken';
import { createRotation } from './sessions/rotation';
import { createSessionGuard } from './sessions/sessionGuard';
import { createSessionService } from './sessions/sessionService';
import { createSessionStore } from './sessions/sessionStore';
import { createUserService } from './users/userService';
import { createNoticeGate } from './mail/notices';
import { createOutbox, logDelivery, smtpDelivery } from './mail/outbox';
import { logPseudonyms } from './logger';
import { createEmailTokens } from './recovery/emailTokens';
import { createRecoveryService } from './recovery/recoveryService';
import { createUnconfirmedFactors } from './recovery/unconfirmedFactors';
import { createSecurityLog } from './securityEvents/securityLog';
import { createMfaService } from './mfa/mfaService';
import { createSecretBox } from './security/secretBox';
import { createPasskeyService } from './passkeys/passkeyService';
import { createSignInService } from './signIn/signInService';
import { createKeyRing } from './signingKeys/keyRing';
import type { KeyRing } from './signingKeys/keyRing';

/** The ES256 signing keys of this instance (null under HS256): SESSION_CACHE_TTL bounds how stale they get. */
export function createKeyRingOf(config: Config, db: Database, logger: Logger, clock: Clock): KeyRing | null {
  const { encryptionKey, publishAheadMs, lifetimeMs } = config.signingKeys;
  if (config.jwt.alg !== 'ES256' || !encryptionKey) return null;
  return createKeyRing({
    SigningKey: db.models.SigningKey,
    box: createSecretBox(encryptionKey),
    publishAheadMs,
    lifetimeMs,
    graceMs: config.jwt.accessTtlMs + CLOCK_LEEWAY_MS,
    refreshMs: config.sessionCacheTtlMs,
    clock,
    logger,
  });
}

export function createServices(config: Config, db: Database, logger: Logger, clock: Clock) {
  const { models } = db;
  const users = createUserService(models);
  const signingKeys = createKeyRingOf(config, db, logger, clock);
  const accessTokens = createAccessTokens(config, clock, signingKeys);
  const guard = createSessionGuard({
    Session: models.Session,
    users,
    cacheTtlMs: config.sessionCacheTtlMs,
    // Revoked ids are remembered locally for as long as an access token can live.
    revokedTtlMs: config.jwt.accessTtlMs + CLOCK_LEEWAY_MS,
    clock,
  });
  const crypto = createRefreshTokenCrypto(config.refresh.successorSecret, config.refresh.previousSuccessorSecret);
  const store = createSessionStore({ config, models, crypto, guard, logger });
  const limiter = createRateLimiter(models, logger, clock);
  const policy = createRateLimitPolicy(config.rateLimits);
  const { smtpUrl } = config.mail;
  const smtp = smtpUrl ? smtpDelivery({ ...config.mail, smtpUrl }) : null;
  const outbox = createOutbox({
    deliver: smtp?.deliver ?? logDelivery(logger, config.nodeEnv),
    retryDelayMs: config.mail.retryDelayMs,
    maxQueued: config.mail.queueMax,
    logger,
  });
  const pseudonyms = logPseudonyms(config.logs);
  const notices = createNoticeGate({
    limiter,
    maxPerRecipient: config.mail.maxPerRecipient,
    pseudonym: pseudonyms.email,
    logger,
  });
  const securityLog = createSecurityLog({
    SecurityEvent: models.SecurityEvent,
    users,
    outbox,
    notices,
    logger,
    pseudonyms,
    retentionMs: config.securityEventRetentionMs,
    clock,
  });
  const { rotate } = createRotation({
    models,
    store,
    crypto,
    reuseIntervalMs: config.refresh.reuseIntervalMs,
    maxRotations: config.rateLimits.refreshMaxPerSession,
    windowMs: config.rateLimits.refreshWindowMs,
    logger,
    securityLog,
    clock,
  });
  const sessions = createSessionService({
    store,
    rotate,
    maxSessionsPerUser: config.maxSessionsPerUser,
    securityLog,
    clock,
  });
  const passwords = createPasswordHasher({
    cost: config.bcryptCost,
    maxConcurrency: config.bcryptMaxConcurrency,
    maxQueue: config.bcryptMaxQueue,
    maxQueuePerAccount: config.bcryptMaxQueuePerAccount,
  });
  const confirmPassword = createPasswordConfirmation({ limiter, policy, passwords });
  const { url: breachCheckUrl, timeoutMs } = config.passwordBreachCheck;
  const screenPassword = createPasswordScreen(
    breachCheckUrl ? createBreachCheck({ url: breachCheckUrl, timeoutMs, logger }) : null,
  );
  const recovery = createRecoveryService({
    config,
    users,
    sessions,
    passwords,
    screenPassword,
    tokens: createEmailTokens(models, clock),
    unconfirmedFactors: createUnconfirmedFactors(models),
    limiter,
    policy,
    outbox,
    securityLog,
    clock,
  });
  const mfa = createMfaService({
    config: config.mfa,
    models,
    users,
    passwords,
    limiter,
    policy,
    box: createSecretBox(config.mfa.encryptionKey),
    securityLog,
    confirmPassword,
    clock,
  });
  const devices = createDeviceCookies(config.refresh.successorSecret);
  const passkeys = createPasskeyService({
    config: config.webauthn,
    models,
    users,
    sessions,
    limiter,
    policy,
    securityLog,
    clock,
  });
  const signIn = createSignInService({
    users,
    passwords,
    screenPassword,
    sessions,
    accessTokens,
    limiter,
    policy,
    devices,
    mail: recovery.accountMail,
    securityLog,
    mfa,
    passkeys,
    confirmPassword,
    clock,
  });
  return {
    signIn,
    sessions,
    users,
    recovery,
    mfa,
    passkeys,
    securityEvents: { listOwn: securityLog.listOwn },
    viewerOf: createViewerCheck(accessTokens, guard),
    /** The ES256 signing keys (null under HS256): the JWKS, rotation and revocation. */
    signingKeys,
    /** Loads what the first request needs (the signing keys); call before listening. */
    start: async () => signingKeys?.load(),
    /** Resolves once queued mail is sent or given up, or after `timeoutMs`. */
    drainMail: (timeoutMs: number) => outbox.drain(timeoutMs),
    /** Resolves once recorded security events are written, or after `timeoutMs`. */
    drainEvents: (timeoutMs: number) => securityLog.drain(timeoutMs),
    /** Lets queued mail go out (bounded), then closes the SMTP connection. */
    async stop(timeoutMs: number) {
      await securityLog.drain(timeoutMs);
      await outbox.drain(timeoutMs);
      smtp?.close();
    },
  };
}

export type Services = ReturnType<typeof createServices>;
