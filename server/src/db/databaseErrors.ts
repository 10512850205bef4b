// What a driver error means for the caller: a lost unique-index race, or a
// database that is down, unreachable or overloaded (SERVICE_UNAVAILABLE).
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

const SOCKET_ERRORS = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT']);

/** Connection-level failures: the database is down, unreachable or too slow. */
export function isDatabaseUnavailableError(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { name, code, message, errorResponse, cause } = error as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    errorResponse?: unknown;
    cause?: unknown;
  };
  // FerretDB's SQLite backend answers a write it could not lock in time with SQLITE_BUSY:
  // the database is overloaded, and the request may be retried.
  if (name === 'MongoServerError' && typeof message === 'string' && message.includes('(SQLITE_BUSY)')) return true;
  // The driver can let a raw socket error through (EPIPE: "This socket has been ended by the
  // other party" when the server closed first). Resolvers open no other sockets: it is the database.
  if (typeof code === 'string' && SOCKET_ERRORS.has(code)) return true;
  if (
    typeof name === 'string' &&
    /^(Mongo(ose)?(ServerSelection|Network|NetworkTimeout|OperationTimeout|Timeout|NotConnected|PoolCleared|PoolClosed|ServerClosed|TopologyClosed|WaitQueueTimeout)Error|PoolClearedOnNetworkError)$/.test(
      name,
    )
  ) {
    return true;
  }
  // insertMany (the rate limiter) reports a lost connection as a MongoBulkWriteError
  // whose errorResponse is the network error itself.
  return [errorResponse, cause].some((inner) => inner instanceof Error && isDatabaseUnavailableError(inner, depth + 1));
}
