// `npm run keys -- list | rotate [--now] | revoke <kid>`: the operator's handle on the ES256
// signing keys, through the same key ring every API instance uses (server/src/signingKeys/).
// The ring decides every state and date; this file parses the command and prints the outcome.
// - stdout is for people; the ring's log lines (key created, promoted, revoked) go to stderr as
//   JSON at LOG_LEVEL, a record of each write for the operator's log collection.
// - Exit codes: 0 done; 1 refused or failed (configuration, database, unknown or revoked kid,
//   a KEY_ENCRYPTION_KEY that does not open the keys); 2 bad usage, or no signing keys (HS256).
// - NODE_ENV is not defaulted to development, unlike scripts/api.ts: this command is for
//   operators in production too, and there an unset NODE_ENV must fail closed. Defaulted, a
//   forgotten KEY_ENCRYPTION_KEY would be derived from the development secret and new keys sealed
//   under it, which the production API cannot open: signing would stop when such a key activates.
import { ConfigError, loadConfig } from '../server/src/config';
import type { Config } from '../server/src/config';
import { systemClock } from '../server/src/clock';
import { connectDatabase } from '../server/src/db';
import { createLogger } from '../server/src/logger';
import { createKeyRingOf } from '../server/src/services';
import type { KeyRing, ListedKey } from '../server/src/signingKeys/keyRing';

const USAGE = `Usage: npm run keys -- <command>

  list           every signing key: kid, generation, state, created, activates, revoked
  rotate         promote the next key (it signs JWKS_PUBLISH_AHEAD after it was published)
                 and create a new next key
  rotate --now   the same, the promoted key signing at once (consumers that cached the JWKS
                 refuse its tokens until they fetch it again)
  revoke <kid>   remove a key from the JWKS and refuse its tokens; a revoked current key is
                 replaced at once

Reads the API's configuration: MONGODB_URI, KEY_ENCRYPTION_KEY, ACCESS_TOKEN_ALG,
JWKS_PUBLISH_AHEAD, SIGNING_KEY_LIFETIME (NODE_ENV unset means production).
Exit codes: 0 done, 1 refused or failed, 2 bad usage or no signing keys (HS256).`;

const DONE = 0;
const REFUSED = 1;
const USAGE_ERROR = 2;

type Command = { name: 'list' } | { name: 'rotate'; now: boolean } | { name: 'revoke'; kid: string };

function parseCommand(argv: readonly string[]): Command | null {
  const [name, ...rest] = argv;
  if (name === 'list' && rest.length === 0) return { name };
  if (name === 'rotate' && rest.length === 0) return { name, now: false };
  if (name === 'rotate' && rest.length === 1 && rest[0] === '--now') return { name, now: true };
  // Any other word is a kid: a base64url thumbprint may begin with `-`.
  if (name === 'revoke' && rest.length === 1 && rest[0] !== '') return { name, kid: rest[0]! };
  return null;
}

const NO_SIGNING_KEYS =
  'ACCESS_TOKEN_ALG is HS256: access tokens are signed with JWT_ACCESS_SECRET, and there are no signing keys ' +
  'to list, rotate or revoke. Signing keys exist under ES256 (the default).';

/** What to set, beyond the config's own message, for the two ways this command is usually misrun. */
function configHints(problems: readonly string[]): string[] {
  const hints: string[] = [];
  if (process.env.NODE_ENV === undefined)
    hints.push(
      "NODE_ENV is unset, which means production: run `npm run keys` with the API's environment. " +
        'On a development machine, set NODE_ENV=development.',
    );
  if (problems.some((p) => p.startsWith('MONGODB_URI is required')))
    hints.push(
      "`npm run keys` starts no database: set MONGODB_URI to the API's. With `npm run dev` or `npm run api`, " +
        'that is the URI they print at start (`Database (…) at mongodb://127.0.0.1:PORT/`) followed by `auth`, e.g.\n' +
        '  NODE_ENV=development MONGODB_URI=mongodb://127.0.0.1:27017/auth npm run keys -- list',
    );
  return hints;
}

function configOrNull(): Config | null {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error([error.message, ...configHints(error.problems)].join('\n'));
    return null;
  }
}

const iso = (date: Date | null) => date?.toISOString() ?? '-';

/** One line per key, columns aligned. */
function keyTable(keys: readonly ListedKey[]): string {
  const rows = [
    ['kid', 'generation', 'state', 'created', 'activates', 'revoked'],
    ...keys.map((k) => [k.kid, String(k.generation), k.state, iso(k.createdAt), iso(k.activatesAt), iso(k.revokedAt)]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function fromNow(at: Date): string {
  const minutes = Math.round((at.getTime() - systemClock.now().getTime()) / 60_000);
  if (minutes <= 0) return 'now';
  return minutes < 120 ? `in ${minutes} min` : `in ${Math.round(minutes / 60)} h`;
}

async function list(ring: KeyRing): Promise<number> {
  const keys = await ring.list();
  if (keys.length === 0)
    console.log(
      'No signing keys yet: the API creates the first ones when it starts, and so does `npm run keys -- rotate`.',
    );
  else console.log(keyTable(keys));
  return DONE;
}

async function rotate(ring: KeyRing, now: boolean): Promise<number> {
  await ring.checkEncryptionKey();
  // As an API instance does at start: the first keys on a fresh database, so a rotation always
  // has a current key to take over from.
  await ring.load();
  const result = await ring.rotate({ immediately: now });
  if (!result.rotated && result.reason === 'already scheduled') {
    console.log(
      `A rotation is already under way: ${result.kid} signs from ${iso(result.activatesAt)} (${fromNow(result.activatesAt)}); \`rotate --now\` promotes it at once.`,
    );
    return DONE;
  }
  if (!result.rotated) {
    console.log('Another process rotated the keys at the same moment: its rotation stands (`npm run keys -- list`).');
    return DONE;
  }
  console.log(
    `Promoted ${result.promoted}: it signs from ${iso(result.activatesAt)} (${fromNow(result.activatesAt)}).`,
  );
  console.log(`New next key: ${result.next} (published now)`);
  return DONE;
}

async function revoke(ring: KeyRing, kid: string, config: Config): Promise<number> {
  await ring.checkEncryptionKey();
  const result = await ring.revoke(kid);
  if (!result.revoked) {
    const keys = await ring.list();
    if (result.reason === 'already revoked') {
      console.error(`Key ${kid} was already revoked, at ${iso(keys.find((k) => k.kid === kid)?.revokedAt ?? null)}.`);
      return REFUSED;
    }
    const known = keys.map((k) => `  ${k.kid} (${k.state})`);
    console.error(
      `No signing key has kid ${kid}. ${known.length ? `Known kids:\n${known.join('\n')}` : 'There are no keys.'}`,
    );
    return REFUSED;
  }
  const ttlS = config.sessionCacheTtlMs / 1000;
  console.log(
    `Revoked ${kid}: out of the JWKS, and its tokens are refused by every API instance within SESSION_CACHE_TTL (${ttlS} s).`,
  );
  if (result.current === null) {
    // Tokens cannot be issued until a key signs: a script running this must notice.
    console.error('No key signs now: run `npm run keys -- rotate --now`.');
    return REFUSED;
  }
  console.log(`Signing now: ${result.current}`);
  return DONE;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h')) {
    console.log(USAGE);
    return DONE;
  }
  const command = parseCommand(argv);
  if (!command) {
    console.error(USAGE);
    return USAGE_ERROR;
  }
  const config = configOrNull();
  if (!config) return REFUSED;
  if (config.jwt.alg !== 'ES256') {
    console.error(NO_SIGNING_KEYS);
    return USAGE_ERROR;
  }
  const logger = createLogger(config.logLevel, process.stderr);
  const db = await connectDatabase(config, logger).catch((error: unknown) => {
    throw new Error(`Cannot connect to the database named by MONGODB_URI: ${(error as Error).message}`);
  });
  try {
    const ring = createKeyRingOf(config, db, logger, systemClock);
    if (!ring) {
      console.error(NO_SIGNING_KEYS);
      return USAGE_ERROR;
    }
    if (command.name === 'list') return await list(ring);
    if (command.name === 'rotate') return await rotate(ring, command.now);
    return await revoke(ring, command.kid, config);
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A wrong KEY_ENCRYPTION_KEY, an unreachable database: the message says which.
    console.error(error instanceof Error ? error.message : error);
    process.exit(REFUSED);
  },
);
