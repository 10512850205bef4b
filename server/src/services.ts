// Wires the services together once per app; resolvers reach them through the context.
import type { Config } from './config';
import type { Database } from './db';
import type { Logger } from './logger';
import { createAccessTokens } from './auth/tokens';
import { createPasswordHasher } from './auth/password';
import { createAuthService } from './auth/authService';
import { createRefreshTokenCrypto } from './sessions/refreshToken';
import { createSessionGuard } from './sessions/sessionGuard';
import { createSessionService } from './sessions/sessionService';
import { createRateLimiter } from './security/rateLimiter';

export function createServices(config: Config, db: Database, logger: Logger) {
  const { models } = db;
  const accessTokens = createAccessTokens(config);
  const passwords = createPasswordHasher(config.bcryptCost);
  // Revoked ids are remembered locally for as long as an access token can live.
  const sessionGuard = createSessionGuard(models, config.sessionCacheTtlMs, config.jwt.accessTtlMs + 60_000);
  const sessions = createSessionService({
    config,
    models,
    crypto: createRefreshTokenCrypto(config.refresh.successorSecret),
    guard: sessionGuard,
    logger,
  });
  const limiter = createRateLimiter(models);
  const auth = createAuthService({ config, models, passwords, sessions, limiter });
  return { config, db, models, accessTokens, sessionGuard, sessions, auth };
}

export type Services = ReturnType<typeof createServices>;
