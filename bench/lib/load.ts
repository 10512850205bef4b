// One autocannon run against one URL. Every request is built by `next(context)`
// (so requests rotate across the seeded users), and a response counts as a
// failure when it is not 2xx, times out, is a 200 carrying a GraphQL `errors` array,
// or is a 200 the scenario's `check` refuses.
import autocannon from 'autocannon';
import type { RoundStats } from './stats';
import type { CheckResponse, NextRequest, OnResponse, RequestContext } from './scenarios';

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
  check?: CheckResponse;
}

export async function load(options: LoadOptions): Promise<RoundStats> {
  const { url, connections, duration, amount, next, onResponse, check } = options;
  let failed = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  let lastAnswer = started;
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
          lastAnswer = performance.now();
          const refused = status === 200 && (body.includes('"errors"') ? body : check?.(body));
          if (refused) {
            failed++;
            firstFailure ??= refused.slice(0, 300);
          }
          onResponse?.(status, body, context as RequestContext, headers);
        },
      },
    ],
  });
  const errors = result.errors + result.non2xx + failed;
  const ok = result.requests.total - result.non2xx - failed;
  // autocannon ends a run of `amount` requests on its next one-second tick, so its duration is
  // rounded up to whole seconds (24 logouts in 0.2 s would read 24 req/s): time it to its last answer.
  const seconds = amount ? (lastAnswer - started) / 1000 : result.duration;
  return {
    rps: ok / Math.max(seconds, 0.001),
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    errors,
    count: ok,
    ...(firstFailure ? { firstFailure } : {}),
    ...(result.non2xx ? { non2xx: result.non2xx } : {}),
  };
}
