// Malformed or oversized request bodies get a GraphQL-shaped error from the
// catalogue, never an HTML page or a stack trace.
import { ApolloServerErrorCode } from '@apollo/server/errors';
import type { ErrorRequestHandler } from 'express';
import { ErrorCode, Message } from '../errors';

export const bodyErrorHandler: ErrorRequestHandler = (error: { status?: number; type?: string }, req, res, next) => {
  if (res.headersSent) return next(error);
  const clientError = typeof error.status === 'number' && error.status >= 400 && error.status < 500;
  if (!clientError) {
    req.log.error({ err: error }, 'unhandled error');
    res
      .status(500)
      .json({ errors: [{ message: Message.INTERNAL, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] });
    return;
  }
  const message = error.type === 'entity.too.large' ? Message.BODY_TOO_LARGE : Message.BODY_NOT_JSON;
  res
    .status(error.status as number)
    .json({ errors: [{ message, extensions: { code: ApolloServerErrorCode.BAD_REQUEST } }] });
};
