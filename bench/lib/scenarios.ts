// Request builders for each scenario. Each returns `next(context)` for
// load(): one request, rotating over the seeded users so no document is hot.
import type { IncomingHttpHeaders } from 'node:http';

export const PASSWORD = 'bench password 0123';

/** One request's headers and body; the URL and method are load()'s. */
export interface BuiltRequest {
  headers?: Record<string, string>;
  body: string;
}

/** autocannon's per-connection context object: builders may keep state on it. */
export type RequestContext = Record<string, unknown>;

export type NextRequest = (context: RequestContext) => BuiltRequest;
export type OnResponse = (
  status: number,
  body: string,
  context: RequestContext,
  headers: IncomingHttpHeaders | undefined,
) => void;

/** Why a 200 without `errors` still measured nothing real, or null when it is fine. */
export type CheckResponse = (body: string) => string | null;

export interface Scenario {
  next: NextRequest;
  onResponse?: OnResponse;
  check?: CheckResponse;
}

const body = (query: string, variables?: Record<string, unknown>) =>
  JSON.stringify(variables ? { query, variables } : { query });
export const BODIES = {
  typename: body('{ __typename }'),
  me: body('{ me { id email } }'),
  refresh: body('mutation { refreshToken { accessToken } }'),
  logout: body('mutation { logout }'),
  sessions: body('query { sessions(first: 50) { id createdAt lastUsedAt expiresAt userAgent ipAddress current } }'),
};
const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }';
const REGISTER = 'mutation($input: RegisterInput!) { register(input: $input) { accessToken } }';
const REGENERATE = 'mutation($input: PasswordInput!) { regenerateRecoveryCodes(input: $input) }';

export function refreshCookieOf(headers: IncomingHttpHeaders | undefined, name = 'refresh_token'): string | null {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() !== 'set-cookie' || value === undefined) continue;
    for (const line of [value].flat()) {
      const match = new RegExp(`^${name}=([^;]*)`).exec(line);
      if (match?.[1]) return match[1];
    }
  }
  return null;
}

function cycle<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

export const typename = (): NextRequest => () => ({ body: BODIES.typename });

/** `me` with a bearer token; `tokens` are access tokens of distinct sessions. */
export function me(tokens: readonly string[]): NextRequest {
  const next = cycle(tokens);
  return () => ({ headers: { authorization: `Bearer ${next()}` }, body: BODIES.me });
}

/**
 * The viewer's live sessions, with a bearer token as `me`. Every seeded user has
 * several, so an empty list means the row would time a query that found nothing.
 */
export function sessions(tokens: readonly string[]): Scenario {
  const next = cycle(tokens);
  return {
    next: () => ({ headers: { authorization: `Bearer ${next()}` }, body: BODIES.sessions }),
    check: (answer) => (answer.includes('"current":') ? null : `no session listed: ${answer}`),
  };
}

export function login(emails: readonly string[]): NextRequest {
  const next = cycle(emails);
  return () => ({ body: body(LOGIN, { input: { email: next(), password: PASSWORD } }) });
}

export function register(runId: string): NextRequest {
  let n = 0;
  return () => ({
    body: body(REGISTER, { input: { email: `reg-${runId}-${n++}@bench.example`, password: PASSWORD } }),
  });
}

/** A new set of recovery codes for the account of `token` (an account with MFA), again and again. */
export function regenerate(token: string): NextRequest {
  const request = {
    headers: { authorization: `Bearer ${token}` },
    body: body(REGENERATE, { input: { password: PASSWORD } }),
  };
  return () => request;
}

/** One session's refresh chain: the cookie it presents next. */
export interface RefreshHolder {
  cookie: string;
  pending: boolean;
  broken: boolean;
}

/**
 * refreshToken over a chain per session: each response's Set-Cookie carries the
 * successor, which that session presents next time (as a browser would). A
 * session whose response is still in flight is skipped, so no token is replayed.
 */
export function refresh(holders: readonly RefreshHolder[]): Scenario {
  let cursor = 0;
  const next: NextRequest = (context) => {
    for (let tries = 0; tries < holders.length; tries++) {
      const holder = holders[cursor++ % holders.length]!;
      if (holder.pending || holder.broken) continue;
      holder.pending = true;
      context.holder = holder;
      return { headers: { cookie: `refresh_token=${holder.cookie}` }, body: BODIES.refresh };
    }
    throw new Error('refresh: every session is in flight or broken');
  };
  const onResponse: OnResponse = (_status, _body, context, headers) => {
    const holder = context.holder as RefreshHolder | undefined;
    if (!holder) return;
    holder.pending = false;
    const cookie = refreshCookieOf(headers);
    if (cookie) holder.cookie = cookie;
    else holder.broken = true;
  };
  return { next, onResponse };
}

/** logout spends one live session per request; `state.exhausted` counts requests past the end. */
export function logout(pool: readonly string[]): Scenario & { state: { index: number; exhausted: number } } {
  const state = { index: 0, exhausted: 0 };
  const next = () => {
    if (state.index >= pool.length) state.exhausted++;
    const cookie = pool[state.index++ % pool.length];
    return { headers: { cookie: `refresh_token=${cookie}` }, body: BODIES.logout };
  };
  return { next, state };
}
