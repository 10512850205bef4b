// Another service checking our access tokens through the JWKS URL alone, as a gateway or
// subgraph would: a separate Node process running jose's createRemoteJWKSet and jwtVerify
// (issue 21, "a separate process verifies through the JWKS URL alone"). A process of its own
// also because jose 6 is ESM-only and jest runs the suite as CommonJS.
import { once } from 'node:events';
import { start } from '../../../scripts/lib/processes';
import type { TestServer } from './testServer';

export type RemoteVerdict =
  | { verified: true; payload: Record<string, unknown>; protectedHeader: Record<string, unknown> }
  /** `code` is jose's error code, e.g. ERR_JWKS_NO_MATCHING_KEY. */
  | { verified: false; code: string };

const VERIFIER = `
import { createRemoteJWKSet, jwtVerify } from 'jose';
const { JWKS_URL, TOKEN, ISSUER, AUDIENCE, NOW } = process.env;
const jwks = createRemoteJWKSet(new URL(JWKS_URL));
try {
  const { payload, protectedHeader } = await jwtVerify(TOKEN, jwks, {
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ['ES256'],
    currentDate: new Date(Number(NOW)),
  });
  console.log(JSON.stringify({ verified: true, payload, protectedHeader }));
} catch (error) {
  console.log(JSON.stringify({ verified: false, code: error.code ?? String(error) }));
}
`;

export interface Verifier {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** The time to verify at (ms since epoch); now by default. */
  now?: number;
}

/** Verifies `token` from another process that knows only the JWKS URL, the issuer and the audience. */
export async function verifyWithJwks(token: string, verifier: Verifier): Promise<RemoteVerdict> {
  const env = {
    PATH: process.env.PATH,
    JWKS_URL: verifier.jwksUrl,
    TOKEN: token,
    ISSUER: verifier.issuer,
    AUDIENCE: verifier.audience,
    NOW: String(verifier.now ?? Date.now()),
  };
  const child = start('jose verifier', process.execPath, ['--input-type=module', '-e', VERIFIER], { env });
  // 'close', not 'exit': the verdict is read once the child's output has been drained.
  const [code] = (await once(child.child, 'close')) as [number | null];
  const line = child
    .output()
    .split('\n')
    .find((l) => l.startsWith('{'));
  if (code !== 0 || line === undefined) throw new Error(`the jose verifier failed (${code}):\n${child.output()}`);
  return JSON.parse(line) as RemoteVerdict;
}

/**
 * Verifies `token` against `server`'s JWKS from another process, with its issuer and audience and
 * at the server's time (its clock may have been advanced).
 */
export function verifyElsewhere(
  server: TestServer,
  token: string,
  expect: { issuer?: string; audience?: string } = {},
): Promise<RemoteVerdict> {
  return verifyWithJwks(token, {
    jwksUrl: `${server.url}/.well-known/jwks.json`,
    issuer: expect.issuer ?? server.config.jwt.issuer,
    audience: expect.audience ?? server.config.jwt.audience,
    now: server.now().getTime(),
  });
}
