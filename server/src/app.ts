// createApp builds Express + Apollo Server around a connected database. No side
// effects on import and no port opened: index.ts listens, tests use an ephemeral port.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import cookieParser from 'cookie-parser';
import cors from 'cors';
import express from 'express';
import type { ErrorRequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Config } from './config';
import { createContext } from './context';
import type { GraphQLContext } from './context';
import type { Database } from './db';
import type { Logger } from './logger';
import { createFormatError } from './graphql/formatError';
import { resolvers, typeDefs } from './graphql/schema';
import { validationRules } from './security/queryLimits';
import { createServices } from './services';
import type { Services } from './services';

export interface App {
  httpServer: http.Server;
  apollo: ApolloServer<GraphQLContext>;
  services: Services;
  /** Stops accepting, lets in-flight requests finish, then resolves. Does not close the database. */
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function createApp({
  config,
  db,
  logger,
}: {
  config: Config;
  db: Database;
  logger: Logger;
}): Promise<App> {
  const services = createServices(config, db, logger);
  const app = express();
  const httpServer = http.createServer(app);
  httpServer.requestTimeout = config.http.requestTimeoutMs;
  httpServer.headersTimeout = Math.min(config.http.requestTimeoutMs, 60_000);
  // Outlive the idle timeout of the proxies in front (Next.js rewrites, load balancers: often
  // 60 s): with Node's 5 s default a proxy reuses a socket just as we close it and answers 502/500.
  httpServer.keepAliveTimeout = 65_000;

  app.disable('x-powered-by');
  app.set('trust proxy', config.http.trustProxy);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
      // Only what is safe: no headers (tokens, cookies), no bodies (passwords).
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await db.isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'database unavailable' });
  });

  const apollo = new ApolloServer<GraphQLContext>({
    // Apollo's own messages go to the same structured log, not to the console.
    logger,
    typeDefs,
    resolvers,
    introspection: config.graphql.introspection,
    allowBatchedHttpRequests: config.graphql.allowBatching,
    csrfPrevention: true,
    // index.ts owns shutdown: drain HTTP, then close the database, then exit.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !config.isProduction,
    validationRules: validationRules(config),
    parseOptions: { maxTokens: config.graphql.maxTokens },
    formatError: createFormatError(config.isProduction, logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.http.shutdownTimeoutMs }),
      landingPage(config),
    ],
  });
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
    expressMiddleware(apollo, { context: async ({ req, res }) => createContext(services, req, res) }),
  );
  app.use(bodyErrorHandler);

  return { httpServer, apollo, services, stop: () => apollo.stop() };
}

function landingPage(config: Config) {
  if (!config.graphql.landingPage) return ApolloServerPluginLandingPageDisabled();
  // Sandbox with cookies included, so login → me → refreshToken works from the browser.
  return config.isProduction
    ? ApolloServerPluginLandingPageProductionDefault({ includeCookies: true })
    : ApolloServerPluginLandingPageLocalDefault({ includeCookies: true, embed: true });
}

/** Malformed or oversized bodies get a GraphQL-shaped error, never an HTML page or a stack trace. */
const bodyErrorHandler: ErrorRequestHandler = (error: { status?: number; type?: string }, req, res, next) => {
  if (res.headersSent) return next(error);
  const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
  const message =
    error.type === 'entity.too.large'
      ? 'Request body is too large'
      : status === 500
        ? 'Internal server error'
        : 'Request body is not valid JSON';
  if (status === 500) req.log.error({ err: error }, 'unhandled error');
  res.status(status).json({
    errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }],
  });
};
