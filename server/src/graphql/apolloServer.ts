// Apollo Server with this API's policies: CSRF prevention, query limits, error
// masking, no batching, introspection and the landing page only where configured.
import type http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Config } from '../config';
import type { GraphQLContext } from '../context';
import type { Logger } from '../logger';
import { createFormatError } from './formatError';
import { pageSizeCostPlugin } from './pageSizeCost';
import { validationRules } from './queryLimits';
import { buildSchema } from './schema';

export function createApolloServer(config: Config, logger: Logger, httpServer: http.Server) {
  return new ApolloServer<GraphQLContext>({
    // Apollo's own messages go to the same structured log, not to the console.
    logger,
    schema: buildSchema(),
    introspection: config.graphql.introspection,
    allowBatchedHttpRequests: config.graphql.allowBatching,
    // Automatic persisted queries are unused by our clients: off unless configured.
    persistedQueries: config.graphql.persistedQueries ? {} : false,
    // Apollo's CSRF prevention: a request must be JSON or carry a header a form can't set (OWASP CSRF cheat sheet).
    csrfPrevention: true,
    // index.ts owns shutdown: drain HTTP, then close the database, then exit.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: !config.isProduction,
    validationRules: validationRules(config),
    parseOptions: { maxTokens: config.graphql.maxTokens },
    formatError: createFormatError(config.isProduction, logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.http.shutdownTimeoutMs }),
      pageSizeCostPlugin<GraphQLContext>(config),
      landingPage(config),
    ],
  });
}

function landingPage(config: Config) {
  if (!config.graphql.landingPage) return ApolloServerPluginLandingPageDisabled();
  // Sandbox with cookies included, so login → me → refreshToken works from the browser.
  return config.isProduction
    ? ApolloServerPluginLandingPageProductionDefault({ includeCookies: true })
    : ApolloServerPluginLandingPageLocalDefault({ includeCookies: true, embed: true });
}
