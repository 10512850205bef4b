import { systemClock } from '../../clock';
import { loadConfig } from '../../config';
import { createLogger } from '../../logger';
import { createKeyRingOf } from '../../services';
import { testEnv, useTestServer } from '../../testing/testServer';

// These specs are about ES256 whichever algorithm the rest of the suite runs under.
const ES256 = { ACCESS_TOKEN_ALG: 'ES256' };

describe('signing_keys at rest', () => {
  const server = useTestServer(ES256);

  it('holds every private key sealed under KEY_ENCRYPTION_KEY: no PEM and no private JWK member', async () => {
    const records = await server().db.models.SigningKey.find().lean();
    expect(records.length).toBeGreaterThanOrEqual(2);
    for (const record of records) {
      // AES-256-GCM, as security/secretBox.ts writes it: v1.<iv>.<tag>.<ciphertext> (ASVS 5.0 V11.3).
      expect(record.sealedPrivateKey).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
      const stored = JSON.stringify(record);
      expect(stored).not.toMatch(/PRIVATE KEY/);
      expect(Object.keys(record)).not.toContain('d');
    }
  });

  it('erases the private half of a revoked key, and keeps its public half listed as revoked', async () => {
    const ring = server().services.signingKeys!;
    const [current] = (await ring.list()).filter((k) => k.state === 'current');
    await ring.revoke(current!.kid);
    const record = await server().db.models.SigningKey.findOne({ kid: current!.kid }).lean();
    expect(record).toMatchObject({ sealedPrivateKey: '', x: expect.any(String), revokedAt: expect.any(Date) });
    expect((await ring.list()).find((k) => k.kid === current!.kid)?.state).toBe('revoked');
  });

  it('cannot be opened under another KEY_ENCRYPTION_KEY: loading fails and names the setting', async () => {
    const config = loadConfig(
      testEnv({
        ...ES256,
        MONGODB_URI: server().config.mongodbUri,
        KEY_ENCRYPTION_KEY: 'another-key-encryption-key-0123456789abcdef',
      }),
    );
    const ring = createKeyRingOf(config, server().db, createLogger('silent'), systemClock)!;

    await expect(ring.load()).rejects.toThrow(/KEY_ENCRYPTION_KEY does not open signing key/);
  });
});
