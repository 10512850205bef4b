// Access tokens issued by an API itself, for rows whose tokens the harness cannot sign: under
// ES256 only the API holds the private key (sealed in signing_keys). Each seeded session's
// first refresh token is spent once through `refreshToken`, as a browser's first refresh
// would; the API answers with an access token for that session.
import { BODIES, refreshCookieOf } from './scenarios';

interface Answer {
  data?: { refreshToken?: { accessToken?: string } };
  errors?: unknown[];
}

/** The decoded JOSE header of a compact JWT. */
function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function refreshOnce(url: string, refreshToken: string): Promise<string> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `refresh_token=${refreshToken}` },
    body: BODIES.refresh,
  });
  const answer = (await res.json()) as Answer;
  const token = answer.data?.refreshToken?.accessToken;
  if (!token || !refreshCookieOf(Object.fromEntries(res.headers))) {
    throw new Error(`bench: refreshToken gave no access token: ${JSON.stringify(answer)}`);
  }
  return token;
}

/**
 * One access token per refresh token, in order, `concurrency` requests at a time. Every token
 * must carry `alg` and a `kid` (ES256): a row that timed HS256 tokens would measure nothing new.
 */
export async function issuedAccessTokens(
  url: string,
  refreshTokens: readonly string[],
  { alg, concurrency }: { alg: 'ES256'; concurrency: number },
): Promise<string[]> {
  const tokens: string[] = new Array<string>(refreshTokens.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < refreshTokens.length) {
        const i = next++;
        tokens[i] = await refreshOnce(url, refreshTokens[i]!);
      }
    }),
  );
  for (const token of tokens) {
    const header = headerOf(token);
    if (header.alg !== alg || typeof header.kid !== 'string') {
      throw new Error(`bench: the API at ${url} issued ${JSON.stringify(header)}, not ${alg} with a kid`);
    }
  }
  return tokens;
}
