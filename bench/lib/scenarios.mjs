// Request builders for each scenario. Each returns `next(context)` for
// load(): one request, rotating over the seeded users so no document is hot.

export const PASSWORD = 'bench password 0123';

const body = (query, variables) => JSON.stringify(variables ? { query, variables } : { query });
export const BODIES = {
  typename: body('{ __typename }'),
  me: body('{ me { id email } }'),
  refresh: body('mutation { refreshToken { accessToken } }'),
  logout: body('mutation { logout }'),
};
const LOGIN = 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }';
const REGISTER = 'mutation($input: RegisterInput!) { register(input: $input) { accessToken } }';

export function refreshCookieOf(headers, name = 'refresh_token') {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() !== 'set-cookie') continue;
    for (const line of [value].flat()) {
      const match = new RegExp(`^${name}=([^;]*)`).exec(line);
      if (match?.[1]) return match[1];
    }
  }
  return null;
}

function cycle(items) {
  let i = 0;
  return () => items[i++ % items.length];
}

export const typename = () => () => ({ body: BODIES.typename });

/** `me` with a bearer token; `tokens` are access tokens of distinct sessions. */
export function me(tokens) {
  const next = cycle(tokens);
  return () => ({ headers: { authorization: `Bearer ${next()}` }, body: BODIES.me });
}

export function login(emails) {
  const next = cycle(emails);
  return () => ({ body: body(LOGIN, { input: { email: next(), password: PASSWORD } }) });
}

export function register(runId) {
  let n = 0;
  return () => ({
    body: body(REGISTER, { input: { email: `reg-${runId}-${n++}@bench.example`, password: PASSWORD } }),
  });
}

/**
 * refreshToken over a chain per session: each response's Set-Cookie carries the
 * successor, which that session presents next time (as a browser would). A
 * session whose response is still in flight is skipped, so no token is replayed.
 */
export function refresh(holders) {
  let cursor = 0;
  const next = (context) => {
    for (let tries = 0; tries < holders.length; tries++) {
      const holder = holders[cursor++ % holders.length];
      if (holder.pending || holder.broken) continue;
      holder.pending = true;
      context.holder = holder;
      return { headers: { cookie: `refresh_token=${holder.cookie}` }, body: BODIES.refresh };
    }
    throw new Error('refresh: every session is in flight or broken');
  };
  const onResponse = (_status, _body, context, headers) => {
    const holder = context.holder;
    if (!holder) return;
    holder.pending = false;
    const cookie = refreshCookieOf(headers);
    if (cookie) holder.cookie = cookie;
    else holder.broken = true;
  };
  return { next, onResponse };
}

/** logout spends one live session per request; `pool.exhausted` counts requests past the end. */
export function logout(pool) {
  const state = { index: 0, exhausted: 0 };
  const next = () => {
    if (state.index >= pool.length) state.exhausted++;
    const cookie = pool[state.index++ % pool.length];
    return { headers: { cookie: `refresh_token=${cookie}` }, body: BODIES.logout };
  };
  return { next, state };
}
