/**
 * Retries a query whose request never got a GraphQL answer: the connection dropped, or a proxy on
 * the way answered 5xx (a keep-alive socket the API had just closed is the usual culprit).
 * Only queries: they are reads, so a second attempt cannot do anything twice. Mutations are
 * reported instead, because their first attempt may have reached the API.
 */
import type { ApolloLink } from '@apollo/client';
import { ServerError } from '@apollo/client/errors';
import { RetryLink } from '@apollo/client/link/retry';
import { OperationTypeNode } from 'graphql';

export function isTransientFailure(error: unknown, operation: Pick<ApolloLink.Operation, 'operationType'>): boolean {
  if (operation.operationType !== OperationTypeNode.QUERY) return false;
  if (ServerError.is(error)) return error.statusCode >= 500;
  return error instanceof TypeError; // what fetch throws when the network fails
}

export function createRetryTransientLink(): ApolloLink {
  return new RetryLink({
    delay: { initial: 250, max: 2_000, jitter: true },
    attempts: { max: 3, retryIf: isTransientFailure },
  });
}
