// What a client may see of an error. Known codes pass through; everything else
// (bugs, driver errors, anything unexpected) becomes INTERNAL_SERVER_ERROR with
// a generic message, logged here with its details. Production responses never
// carry stack traces, paths or internal messages (ASVS 7.4.1).
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailableError } from '../db';
import { ErrorCode, Message, PUBLIC_CODES } from '../errors';
import type { Logger } from '../logger';

export function createFormatError(isProduction: boolean, logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (isDatabaseUnavailableError(original)) {
      logger.error({ err: original }, 'database unavailable');
      return { message: Message.SERVICE_UNAVAILABLE, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PUBLIC_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      if (!isProduction) return formatted;
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
      // Without introspection, "Did you mean …" suggestions would still leak the schema.
      const message = formatted.message.replace(/ ?Did you mean .*\?$/, '');
      return { message, locations: formatted.locations, path: formatted.path, extensions };
    }
    logger.error({ err: original }, 'unexpected error in GraphQL request');
    return {
      message: Message.INTERNAL,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
