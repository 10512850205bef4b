// createApp builds Express + Apollo Server around a connected database. No side
// effects on import and no port opened: index.ts listens, tests use an ephemeral port.
import http from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import cookieParser from 'cookie-parser';
import cors from 'cors';
import express from 'express';
import { systemClock } from './clock';
import type { Clock } from './clock';
import type { Config } from './config';
import { createContext } from './context';
import type { GraphQLContext } from './context';
import type { Database } from './db';
import { createApolloServer } from './graphql/apolloServer';
import { bodyErrorHandler } from './http/bodyErrors';
import { healthRoutes } from './http/health';
import { requestLog } from './http/requestLog';
import { logPseudonyms } from './logger';
import type { Logger } from './logger';
import { createServices } from './services';
import { jwksRoute } from './signingKeys/jwksRoute';
import type { Services } from './services';

export interface App {
  httpServer: http.Server;
  apollo: ApolloServer<GraphQLContext>;
  services: Services;
  /** Stops accepting, lets in-flight requests and queued mail finish, then resolves. Does not close the database. */
  stop(): Promise<void>;
}

export async function createApp({
  config,
  db,
  logger,
  clock = systemClock,
}: {
  config: Config;
  db: Database;
  logger: Logger;
  /** Where services read the time; tests pass one they can advance. */
  clock?: Clock;
}): Promise<App> {
  const services = createServices(config, db, logger, clock);
  await services.start();
  const app = express();
  const httpServer = createHttpServer(config, app);
  app.disable('x-powered-by');
  app.set('trust proxy', config.http.trustProxy);
  app.use(requestLog(logger, logPseudonyms(config.logs)));
  app.use(healthRoutes(db));
  app.use(jwksRoute(services.signingKeys, logger));

  const apollo = createApolloServer(config, logger, httpServer);
  await apollo.start();
  app.use(
    '/graphql',
    cors<cors.CorsRequest>({ origin: [...config.http.corsOrigins], credentials: true }),
    (_req, res, next) => {
      // Responses carry tokens: never cache them (RFC 9700 §2.2, OWASP).
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      next();
    },
    express.json({ limit: config.http.bodyLimit }),
    cookieParser(),
    expressMiddleware(apollo, { context: async ({ req, res }) => createContext(config, services, clock, req, res) }),
  );
  app.use(bodyErrorHandler);
  const stop = async () => {
    await apollo.stop();
    // Mail posted by the last requests (a reset link, a notice) gets a bounded chance to leave.
    await services.stop(config.http.shutdownTimeoutMs);
  };
  return { httpServer, apollo, services, stop };
}

function createHttpServer(config: Config, app: express.Express): http.Server {
  const httpServer = http.createServer(app);
  httpServer.requestTimeout = config.http.requestTimeoutMs;
  httpServer.headersTimeout = Math.min(config.http.requestTimeoutMs, 60_000);
  // Outlive the idle timeout of the proxies in front (Next.js rewrites, load balancers: often
  // 60 s): with Node's 5 s default a proxy reuses a socket just as we close it and answers 502/500.
  httpServer.keepAliveTimeout = 65_000;
  return httpServer;
}
