// One autocannon run against one URL. Every request is built by `next(context)`
// (so requests rotate across the seeded users), and a response counts as a
// failure when it is not 2xx, times out, or is a 200 carrying a GraphQL `errors` array.
import autocannon from 'autocannon';
import type { RoundStats } from './stats';
import type { NextRequest, OnResponse, RequestContext } from './scenarios';

export interface LoadOptions {
  /** Full URL (http://127.0.0.1:port/graphql). */
  url: string;
  /** A fixed number of connections, pipelining 1. */
  connections: number;
  /** Seconds, or `amount` requests (all waited for). */
  duration?: number;
  amount?: number;
  next: NextRequest;
  onResponse?: OnResponse;
}

export async function load({ url, connections, duration, amount, next, onResponse }: LoadOptions): Promise<RoundStats> {
  let failed = 0;
  let firstFailure: string | undefined;
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    pipelining: 1,
    ...(amount ? { amount } : { duration }),
    timeout: 20,
    requests: [
      {
        setupRequest(request, context) {
          const built = next(context as RequestContext);
          return {
            ...request,
            method: 'POST',
            headers: { 'content-type': 'application/json', ...built.headers },
            body: built.body,
          };
        },
        onResponse(status, body, context, headers) {
          if (status === 200 && body.includes('"errors"')) {
            failed++;
            firstFailure ??= body.slice(0, 300);
          }
          onResponse?.(status, body, context as RequestContext, headers);
        },
      },
    ],
  });
  const errors = result.errors + result.non2xx + failed;
  const ok = result.requests.total - result.non2xx - failed;
  return {
    rps: ok / Math.max(result.duration, 0.001),
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    errors,
    count: ok,
    ...(firstFailure ? { firstFailure } : {}),
    ...(result.non2xx ? { non2xx: result.non2xx } : {}),
  };
}
