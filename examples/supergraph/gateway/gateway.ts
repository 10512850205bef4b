// The gateway: Hive Gateway's runtime serving the composed supergraph in process. What it
// guarantees, and what it does not:
// - Every request that carries `Authorization: Bearer` is refused unless the token verifies
//   against the auth API's JWKS (ES256, issuer, audience, expiry: OWASP JWT cheat sheet). A request
//   without one passes: sign-in, refresh and sign-out prove who is asking by password or cookie.
// - Every field marked `@authenticated` in the supergraph is refused without a verified token.
// - It checks signatures only, never whether the session is still live: a revoked session's
//   token passes here until `exp`. The subgraphs check again (the auth API checks liveness).
// - `Authorization` and `Cookie` go on to the subgraphs; their `Set-Cookie` comes back (the
//   refresh cookie), so the browser sees one origin, as it does with the API alone.
// - Refusals carry `extensions.code: UNAUTHENTICATED` with HTTP 200, as the API's own do, so a
//   client reads one code with one meaning whether or not a gateway stands in front.
// Nothing leaves the machine: no usage reporting is configured, and the subgraphs are local.
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { createRemoteJwksSigningKeyProvider, extractFromHeader, useJWT } from '@graphql-mesh/plugin-jwt-auth';
import httpTransport from '@graphql-mesh/transport-http';
import { GraphQLError } from 'graphql';
import type { ExecutionResult } from 'graphql';

export interface GatewaySettings {
  supergraphSdl: string;
  jwksUrl: string;
  issuer: string;
  audience: string;
}

const UNAUTHENTICATED = 'UNAUTHENTICATED';
const REFUSED = 'Access token is missing, invalid or expired (refused by the gateway)';

/** Headers the subgraphs need from the client: the access token, the cookies, the client's address. */
const TO_SUBGRAPHS = ['authorization', 'cookie', 'x-forwarded-for', 'user-agent'] as const;

export function createGateway(settings: GatewaySettings) {
  return createGatewayRuntime({
    supergraph: settings.supergraphSdl,
    transports: { http: httpTransport },
    logging: 'warn',
    landingPage: false,
    plugins: () => [
      // The cast: this plugin's bundled typings carry their own copy of the runtime's Logger class,
      // whose #private field makes the two nominally different; at run time they are one.
      useJWT({
        // The API's JWKS (RFC 7517): keys are fetched by `kid`, cached, and fetched again for an
        // unknown `kid`, at most 10 a minute, so a forged `kid` cannot flood the API. A key is kept
        // a minute, the set's own max-age (JWKS_MAX_AGE_S), so a revoked key stops verifying soon.
        signingKeyProviders: [
          createRemoteJwksSigningKeyProvider({
            jwksUri: settings.jwksUrl,
            cache: true,
            cacheMaxAge: 60_000,
            rateLimit: true,
            jwksRequestsPerMinute: 10,
          }),
        ],
        tokenLookupLocations: [extractFromHeader({ name: 'authorization', prefix: 'Bearer' })],
        // The algorithm is pinned: `none` and HS256 (a public key used as an HMAC secret) are refused.
        tokenVerification: { algorithms: ['ES256'], issuer: settings.issuer, audience: settings.audience },
        reject: { missingToken: false, invalidToken: true },
        // Subgraphs verify the forwarded `Authorization` themselves; nothing is passed beside it.
        forward: { payload: false, token: false },
      }) as unknown as GatewayPlugin,
      unauthenticatedCode(),
    ],
    genericAuth: {
      // `@authenticated` fields need a verified token; other fields are open (login, refreshToken).
      mode: 'protect-granular',
      // The claims the JWT plugin verified, or null when the request carried no token.
      resolveUserFn: (context) =>
        (context['jwt'] as { payload?: Record<string, unknown> } | undefined)?.payload ?? null,
      validateUser: ({ user, fieldAuthArgs, typeAuthArgs, fieldNode, path }) =>
        user == null && (fieldAuthArgs || typeAuthArgs)
          ? new GraphQLError(REFUSED, { nodes: [fieldNode], path, extensions: { code: UNAUTHENTICATED } })
          : undefined,
    },
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) =>
        Object.fromEntries(TO_SUBGRAPHS.map((name) => [name, request.headers.get(name)])),
      // The refresh cookie (and the pending-login and passkey cookies) set by the auth API.
      fromSubgraphsToClient: ({ response }) => ({ 'set-cookie': response.headers.getSetCookie() }),
    },
  });
}

/**
 * The JWT plugin refuses a bad token with a bare message and HTTP 401 (or 400 for a token that is
 * not a JWT at all); this gives every such refusal the API's code, UNAUTHENTICATED, and status 200.
 */
function unauthenticatedCode(): GatewayPlugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors) return;
      const refusal = (result.errors as readonly GraphQLError[]).some(isTokenRefusal);
      if (!refusal) return;
      const answer: ExecutionResult = {
        errors: [new GraphQLError(REFUSED, { extensions: { code: UNAUTHENTICATED } })],
      };
      setResult(answer);
    },
  };
}

/** What @graphql-yoga/plugin-jwt answers with HTTP 400 for a malformed `Authorization` (its esm/utils.js, esm/plugin.js). */
const MALFORMED_TOKEN = new Set([
  'Invalid authentication token provided',
  'Invalid JWT authentication token prefix.',
  'Authentication header was set, but token is missing.',
]);

function isTokenRefusal(error: GraphQLError): boolean {
  if (error.extensions?.code !== undefined) return false;
  const status = (error.extensions?.http as { status?: number } | undefined)?.status;
  return status === 401 || (status === 400 && MALFORMED_TOKEN.has(error.message));
}
