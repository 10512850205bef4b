import { CLOCK_LEEWAY_MS } from '../../auth/tokens';
import { jwtHeader } from '../../testing/forgedJwt';
import { ME } from '../../testing/operations';
import { verifyElsewhere } from '../../testing/remoteVerifier';
import { errorCode, startTestServer, testDatabaseUri, withTestServer } from '../../testing/testServer';
import type { TestServer } from '../../testing/testServer';
import { JWKS_PATH } from '../jwksRoute';

// These specs are about ES256 whichever algorithm the rest of the suite runs under. Time moves
// only through each server's clock (`advance`); the margins below (a minute) only absorb the
// real time a test takes to run, never a wait.
const ES256 = { ACCESS_TOKEN_ALG: 'ES256' };
const MINUTE = 60_000;

const kidOf = (token: string) => String(jwtHeader(token).kid);

/** The answer code of `me` with `token`, or 'OK' when it names a viewer. */
async function meWith(server: TestServer, token: string) {
  const res = await server.client().gql(ME, undefined, { token });
  return res.data?.me ? 'OK' : errorCode(res);
}

async function publishedKids(server: TestServer): Promise<string[]> {
  const res = await fetch(`${server.url}${JWKS_PATH}`);
  return ((await res.json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
}

/** The kid of a token the server signs now (a new sign-up: no session or refresh limit in the way). */
async function kidSignedNow(server: TestServer): Promise<string> {
  return kidOf((await server.client().register()).accessToken);
}

async function ringKeys(server: TestServer) {
  return server.services.signingKeys!.list();
}

/** Two instances on one database, closed however the test ends (each close drops the database). */
async function withTwoInstances(
  start: (uri: string) => Promise<[TestServer, TestServer]>,
  test: (a: TestServer, b: TestServer) => Promise<void>,
) {
  const [a, b] = await start(testDatabaseUri());
  try {
    await test(a, b);
  } finally {
    await b.close();
    await a.close();
  }
}
const oneAfterTheOther = async (uri: string): Promise<[TestServer, TestServer]> => {
  const a = await startTestServer({ ...ES256, MONGODB_URI: uri });
  return [a, await startTestServer({ ...ES256, MONGODB_URI: uri }).catch(closing(a))];
};
const closing = (server: TestServer) => async (error: unknown) => {
  await server.close();
  throw error;
};

describe('keys rotate (publish-ahead)', () => {
  it('keeps the current key signing until the next one has been published JWKS_PUBLISH_AHEAD, then signs with it', async () => {
    await withTestServer(ES256, async (server) => {
      const before = await kidSignedNow(server);
      const cachedByAGateway = await publishedKids(server);
      const result = await server.services.signingKeys!.rotate();
      if (!result.rotated) throw new Error(`rotate: ${result.reason}`);
      const promoted = (await ringKeys(server)).find((k) => k.kid === result.promoted)!;
      const { publishAheadMs } = server.config.signingKeys;
      expect(result.activatesAt.getTime() - promoted.createdAt.getTime()).toBeGreaterThanOrEqual(publishAheadMs);

      expect(await kidSignedNow(server)).toBe(before);
      server.advance(result.activatesAt.getTime() - server.now().getTime() - MINUTE);
      expect(await kidSignedNow(server)).toBe(before);
      server.advance(MINUTE);
      const after = await kidSignedNow(server);

      expect(after).toBe(result.promoted);
      // A gateway that fetched the set before the rotation already knew the key that signs now.
      expect(cachedByAGateway).toContain(after);
    });
  });

  it('says a rotation is already under way, and creates no key, when asked again within the publish-ahead', async () => {
    await withTestServer(ES256, async (server) => {
      const first = await server.services.signingKeys!.rotate();
      if (!first.rotated) throw new Error(`rotate: ${first.reason}`);
      const count = (await ringKeys(server)).length;
      expect(await server.services.signingKeys!.rotate()).toEqual({
        rotated: false,
        reason: 'already scheduled',
        kid: first.promoted,
        activatesAt: first.activatesAt,
      });
      expect(await ringKeys(server)).toHaveLength(count);
      // `immediately` still promotes the scheduled key at once.
      const now = await server.services.signingKeys!.rotate({ immediately: true });
      expect(now).toMatchObject({ rotated: true, promoted: first.promoted });
      expect(await kidSignedNow(server)).toBe(first.promoted);
    });
  });

  it('signs with the promoted key at once with `immediately`, and publishes a new next key', async () => {
    await withTestServer(ES256, async (server) => {
      const result = await server.services.signingKeys!.rotate({ immediately: true });
      if (!result.rotated) throw new Error(`rotate: ${result.reason}`);
      expect(await kidSignedNow(server)).toBe(result.promoted);
      expect(await publishedKids(server)).toContain(result.next);
      expect((await ringKeys(server)).find((k) => k.kid === result.next)?.state).toBe('next');
    });
  });
});

describe('SIGNING_KEY_LIFETIME', () => {
  it('rotates by itself once the lifetime has passed, and a new next key appears a lifetime later', async () => {
    await withTestServer({ ...ES256, SIGNING_KEY_LIFETIME: '6h' }, async (server) => {
      const [first, next] = await ringKeys(server);
      expect([first?.state, next?.state]).toEqual(['current', 'next']);
      const lifetimeMs = server.config.signingKeys.lifetimeMs;
      expect(next!.activatesAt!.getTime() - first!.activatesAt!.getTime()).toBe(lifetimeMs);

      server.advance(next!.activatesAt!.getTime() - server.now().getTime());
      expect(await kidSignedNow(server)).toBe(next!.kid);

      const keys = await ringKeys(server);
      expect(keys.map((k) => k.state)).toEqual(['previous', 'current', 'next']);
      expect(keys[2]!.activatesAt!.getTime() - keys[1]!.activatesAt!.getTime()).toBe(lifetimeMs);
      expect(await publishedKids(server)).toContain(keys[2]!.kid);
    });
  });
});

describe('a superseded (previous) key', () => {
  it('verifies its tokens until they expire, here and elsewhere, and leaves the JWKS once ACCESS_TOKEN_TTL + 60 s have passed', async () => {
    await withTestServer(ES256, async (server) => {
      const client = server.client();
      const { accessToken: old } = await client.register();
      const oldKid = kidOf(old);
      const result = await server.services.signingKeys!.rotate({ immediately: true });
      if (!result.rotated) throw new Error(`rotate: ${result.reason}`);
      expect(await kidSignedNow(server)).not.toBe(oldKid);
      const { accessTtlMs } = server.config.jwt;
      const supersededAt = result.activatesAt.getTime();

      server.advance(supersededAt + accessTtlMs - MINUTE - server.now().getTime());
      expect(await meWith(server, old)).toBe('OK');
      expect(await verifyElsewhere(server, old)).toMatchObject({ verified: true });

      server.advance(MINUTE);
      expect(await meWith(server, old)).toBe('UNAUTHENTICATED');
      // Still published: a consumer whose clock runs up to CLOCK_LEEWAY_MS behind still accepts it.
      expect(await publishedKids(server)).toContain(oldKid);

      server.advance(supersededAt + accessTtlMs + CLOCK_LEEWAY_MS - server.now().getTime());
      expect(await publishedKids(server)).not.toContain(oldKid);
      expect((await ringKeys(server)).find((k) => k.kid === oldKid)?.state).toBe('retired');
    });
  });
});

describe('the verified-token cache', () => {
  it('never outlives a revocation: a token verified before is refused right after its key is revoked here', async () => {
    await withTestServer(ES256, async (server) => {
      const { accessToken } = await server.client().register();
      expect(await meWith(server, accessToken)).toBe('OK');
      expect(await meWith(server, accessToken)).toBe('OK');

      await server.services.signingKeys!.revoke(kidOf(accessToken));

      expect(await meWith(server, accessToken)).toBe('UNAUTHENTICATED');
    });
  });

  it('never outlives a revocation of a previous key', async () => {
    await withTestServer(ES256, async (server) => {
      const { accessToken } = await server.client().register();
      await server.services.signingKeys!.rotate({ immediately: true });
      expect(await meWith(server, accessToken)).toBe('OK');

      await server.services.signingKeys!.revoke(kidOf(accessToken));

      expect(await meWith(server, accessToken)).toBe('UNAUTHENTICATED');
      expect(await publishedKids(server)).not.toContain(kidOf(accessToken));
    });
  });
});

describe('two instances on one database', () => {
  it('make exactly one new key when both rotate at once', async () => {
    await withTwoInstances(oneAfterTheOther, async (a, b) => {
      const { SigningKey } = a.db.models;
      const before = await SigningKey.countDocuments();

      const results = await Promise.all([a.services.signingKeys!.rotate(), b.services.signingKeys!.rotate()]);

      // The unique _id (the generation) admits one insert: the other rotation stands down.
      expect(results.filter((r) => r.rotated)).toHaveLength(1);
      expect(results.filter((r) => !r.rotated)).toEqual([{ rotated: false, reason: 'another rotation won' }]);
      expect(await SigningKey.countDocuments()).toBe(before + 1);
    });
  });

  it('end with one current and one next key when both load an empty database at once', async () => {
    const together = async (uri: string): Promise<[TestServer, TestServer]> => {
      const started = await Promise.allSettled([
        startTestServer({ ...ES256, MONGODB_URI: uri }),
        startTestServer({ ...ES256, MONGODB_URI: uri }),
      ]);
      const up = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
      const failed = started.find((s) => s.status === 'rejected');
      if (failed) {
        await Promise.all(up.map((server) => server.close()));
        throw failed.reason;
      }
      return [up[0]!, up[1]!];
    };
    await withTwoInstances(together, async (a, b) => {
      const keys = await ringKeys(a);
      expect(keys.map((k) => k.state)).toEqual(['current', 'next']);
      expect(await a.db.models.SigningKey.countDocuments()).toBe(2);
      expect(await kidSignedNow(a)).toBe(keys[0]!.kid);
      expect(await kidSignedNow(b)).toBe(keys[0]!.kid);
    });
  });

  it('refuse a key revoked on one: there at once, on the other within SESSION_CACHE_TTL', async () => {
    await withTwoInstances(oneAfterTheOther, async (a, b) => {
      const { accessToken } = await a.client().register();
      expect(await meWith(a, accessToken)).toBe('OK');
      expect(await meWith(b, accessToken)).toBe('OK');

      const result = await a.services.signingKeys!.revoke(kidOf(accessToken));
      if (!result.revoked) throw new Error(`revoke: ${result.reason}`);

      expect(await meWith(a, accessToken)).toBe('UNAUTHENTICATED');
      b.advance(b.config.sessionCacheTtlMs);
      expect(await meWith(b, accessToken)).toBe('UNAUTHENTICATED');
      // Both sign with the replacement, and each accepts the other's tokens.
      const fromB = (await b.client().register()).accessToken;
      expect(kidOf(fromB)).toBe(result.current);
      expect(await meWith(a, fromB)).toBe('OK');
      expect(await publishedKids(b)).not.toContain(kidOf(accessToken));
    });
  });
});
