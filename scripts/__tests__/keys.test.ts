// `npm run keys` as an operator runs it: the real process (`node --import tsx scripts/keys.ts`,
// what the npm script runs) against a database of its own, read back through its own `list`.
import { ME } from '../../server/src/testing/operations';
import { errorCode, startTestServer, testDatabaseUri, testEnv } from '../../server/src/testing/testServer';
import { start } from '../lib/processes';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The child's environment: the test server's, on `uri`, under ES256 whatever the suite runs under. */
function envFor(uri: string, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...testEnv({ MONGODB_URI: uri, ACCESS_TOKEN_ALG: 'ES256', JWKS_PUBLISH_AHEAD: '1h', LOG_LEVEL: 'warn' }),
    ...overrides,
  };
}

async function keys(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const proc = start('keys', process.execPath, ['--import', 'tsx', 'scripts/keys.ts', ...args], { env });
  let stdout = '';
  let stderr = '';
  proc.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // 'close' follows 'exit' once the pipes are drained: the last line is not lost.
  const closed = new Promise<void>((resolve) => proc.child.once('close', () => resolve()));
  const code = await proc.exited;
  await closed;
  return { code, stdout, stderr };
}

interface Listed {
  kid: string;
  generation: number;
  state: string;
  created: string;
  activates: string;
  revoked: string;
}

async function list(env: NodeJS.ProcessEnv): Promise<Listed[]> {
  const run = await keys(['list'], env);
  expect(run.code).toBe(0);
  const [header, ...lines] = run.stdout.trimEnd().split('\n');
  expect(header!.split(/\s+/)).toEqual(['kid', 'generation', 'state', 'created', 'activates', 'revoked']);
  return lines.map((line) => {
    const [kid, generation, state, created, activates, revoked] = line.split(/\s+/) as [string, ...string[]];
    return {
      kid,
      generation: Number(generation),
      state: state!,
      created: created!,
      activates: activates!,
      revoked: revoked!,
    };
  });
}

const KID = '([A-Za-z0-9_-]{43})';

function rotated(run: Run): { promoted: string; next: string } {
  expect(run.code).toBe(0);
  const match = new RegExp(`^Promoted ${KID}: .*\\nNew next key: ${KID}`).exec(run.stdout);
  if (!match) throw new Error(`unexpected rotate output:\n${run.stdout}${run.stderr}`);
  return { promoted: match[1]!, next: match[2]! };
}

const kidOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

describe('npm run keys -- list', () => {
  it('says there are no keys yet on a fresh database, and how they are made', async () => {
    const run = await keys(['list'], envFor(testDatabaseUri()));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'No signing keys yet: the API creates the first ones when it starts, and so does `npm run keys -- rotate`.\n',
    );
  });
});

describe('npm run keys -- rotate', () => {
  it('creates the first keys and promotes the next one to sign JWKS_PUBLISH_AHEAD after it was published', async () => {
    const env = envFor(testDatabaseUri());
    const run = await keys(['rotate'], env);
    const { promoted, next } = rotated(run);
    expect(run.stdout).toContain('(in 60 min)');

    const listed = await list(env);
    expect(listed.map((k) => [k.generation, k.state])).toEqual([
      [1, 'current'],
      [2, 'next'],
      [3, 'next'],
    ]);
    expect(listed[1]!.kid).toBe(promoted);
    expect(Date.parse(listed[1]!.activates) - Date.parse(listed[1]!.created)).toBe(3_600_000);
    expect(listed[2]!.kid).toBe(next);
  });

  it('with --now, promotes the next key at once: the old one becomes previous', async () => {
    const env = envFor(testDatabaseUri());
    const run = await keys(['rotate', '--now'], env);
    const { promoted, next } = rotated(run);
    expect(run.stdout).toContain('(now)');

    const listed = await list(env);
    expect(listed.map((k) => [k.kid, k.state])).toEqual([
      [listed[0]!.kid, 'previous'],
      [promoted, 'current'],
      [next, 'next'],
    ]);
  });

  it('refuses a KEY_ENCRYPTION_KEY that does not open the keys, and writes nothing (exit 1)', async () => {
    const env = envFor(testDatabaseUri());
    rotated(await keys(['rotate'], env));
    const before = await list(env);

    const run = await keys(['rotate', '--now'], {
      ...env,
      KEY_ENCRYPTION_KEY: 'another-key-encryption-key-of-full-strength-0123',
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`KEY_ENCRYPTION_KEY does not open signing key ${before[0]!.kid}`);
    expect(await list(env)).toEqual(before);
  });
});

describe('npm run keys -- revoke', () => {
  it('revokes the current key, names the key that signs now, and lists it revoked', async () => {
    const env = envFor(testDatabaseUri());
    const { promoted } = rotated(await keys(['rotate'], env));
    const current = (await list(env))[0]!.kid;

    const run = await keys(['revoke', current], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Revoked ${current}: out of the JWKS`);
    // The next key in line (the one just promoted) takes over at once, without waiting for its date.
    expect(run.stdout).toContain(`Signing now: ${promoted}\n`);

    const listed = await list(env);
    expect(listed.find((k) => k.kid === current)).toMatchObject({ state: 'revoked' });
    expect(Number.isNaN(Date.parse(listed.find((k) => k.kid === current)!.revoked))).toBe(false);
    expect(listed.find((k) => k.kid === promoted)).toMatchObject({ state: 'current' });
  });

  it('refuses a key already revoked (exit 1)', async () => {
    const env = envFor(testDatabaseUri());
    const { next } = rotated(await keys(['rotate'], env));
    expect((await keys(['revoke', next], env)).code).toBe(0);

    const again = await keys(['revoke', next], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Key ${next} was already revoked, at `);
  });

  it('refuses an unknown kid (exit 1), naming the known kids', async () => {
    const env = envFor(testDatabaseUri());
    rotated(await keys(['rotate'], env));
    const known = await list(env);

    const run = await keys(['revoke', 'not-a-kid-of-ours'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('No signing key has kid not-a-kid-of-ours. Known kids:');
    for (const key of known) expect(run.stderr).toContain(`  ${key.kid} (${key.state})`);
    expect(await list(env)).toEqual(known);
  });
});

describe('npm run keys, misused', () => {
  it.each([[[]], [['rotate', '--soon']], [['revoke']], [['list', 'extra']]])(
    'prints the usage for %j (exit 2)',
    async (args) => {
      const run = await keys(args, envFor(testDatabaseUri()));
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('Usage: npm run keys -- <command>');
    },
  );

  it('says there are no signing keys under ACCESS_TOKEN_ALG=HS256 (exit 2)', async () => {
    const run = await keys(['list'], envFor(testDatabaseUri(), { ACCESS_TOKEN_ALG: 'HS256' }));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('ACCESS_TOKEN_ALG is HS256: access tokens are signed with JWT_ACCESS_SECRET');
  });

  it('says what to set when MONGODB_URI is unset (exit 1)', async () => {
    const env = envFor(testDatabaseUri());
    delete env.MONGODB_URI;
    const run = await keys(['list'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('MONGODB_URI is required');
    expect(run.stderr).toContain(
      'NODE_ENV=development MONGODB_URI=mongodb://127.0.0.1:27017/auth npm run keys -- list',
    );
  });
});

describe('npm run keys, beside a running API', () => {
  it("revokes a token's key: within SESSION_CACHE_TTL the API refuses the token and drops the key from its JWKS", async () => {
    const uri = testDatabaseUri();
    const server = await startTestServer({ MONGODB_URI: uri, ACCESS_TOKEN_ALG: 'ES256' });
    try {
      const client = server.client();
      await client.register();
      const token = client.accessToken!;
      expect((await client.gql(ME, undefined, { token })).data?.me?.id).toBeDefined();
      const kid = kidOf(token);

      const run = await keys(['revoke', kid], envFor(uri));
      expect(run.code).toBe(0);
      const signer = /Signing now: ([A-Za-z0-9_-]+)/.exec(run.stdout)?.[1];

      server.advance(server.config.sessionCacheTtlMs);
      expect(errorCode(await client.gql(ME, undefined, { token }))).toBe('UNAUTHENTICATED');
      const jwks = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as {
        keys: Array<{ kid: string }>;
      };
      expect(jwks.keys.map((k) => k.kid)).not.toContain(kid);
      expect(jwks.keys.map((k) => k.kid)).toContain(signer);
      // The session outlives the key: a refresh signs with the key the CLI named.
      await client.refresh();
      expect(kidOf(client.accessToken!)).toBe(signer);
      expect((await client.gql(ME)).data?.me?.id).toBeDefined();
    } finally {
      await server.close(); // last: it drops the database
    }
  });
});
