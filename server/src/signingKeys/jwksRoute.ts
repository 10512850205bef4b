// GET /.well-known/jwks.json: the public keys other services verify our access tokens with
// (RFC 7517 §5), outside the GraphQL pipeline because gateways poll it. The body is the key
// ring's, serialized once per change; Express adds an ETag, so a poll that changed nothing is
// a 304. Under HS256 there is nothing to publish: `{ "keys": [] }`.
import { Router } from 'express';
import type { Logger } from '../logger';
import type { KeyRing } from './keyRing';

export const JWKS_PATH = '/.well-known/jwks.json';

/**
 * How long a consumer may cache the set. A new key is published JWKS_PUBLISH_AHEAD (1 h) before
 * it signs, so this only bounds how long a revoked key stays in caches downstream: kept short.
 */
export const JWKS_MAX_AGE_S = 60;

const EMPTY = JSON.stringify({ keys: [] });

export function jwksRoute(ring: KeyRing | null, logger: Logger): Router {
  const router = Router();
  router.get(JWKS_PATH, async (_req, res) => {
    try {
      const body = ring ? (await ring.view()).jwksJson : EMPTY;
      res.set({
        'Content-Type': 'application/jwk-set+json',
        'Cache-Control': `public, max-age=${JWKS_MAX_AGE_S}`,
        // Public keys, for verifiers in any origin (a browser-side check is harmless).
        'Access-Control-Allow-Origin': '*',
        'X-Content-Type-Options': 'nosniff',
      });
      res.send(body);
    } catch (error) {
      logger.error({ err: error }, 'the JWKS could not be served');
      res.status(503).set('Retry-After', '5').json({ error: 'signing keys unavailable' });
    }
  });
  return router;
}
