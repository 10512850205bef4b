// The rule every new password meets (register, changePassword, resetPassword), and the range
// client of the breach check against a real range server on 127.0.0.1.
import { Writable } from 'node:stream';
import { GraphQLError } from 'graphql';
import { createLogger } from '../../logger';
import { startRangeServer, sha1Hex } from '../../testing/rangeServer';
import type { RangeServer } from '../../testing/rangeServer';
import { createBreachCheck } from '../breachedPasswords';
import { commonPasswords } from '../commonPasswords';
import { createPasswordScreen } from '../credentials';
import type { BreachCheck } from '../credentials';

/** The BAD_USER_INPUT error `promise` rejects with (fails the test if it resolves or rejects otherwise). */
async function refusal(promise: Promise<unknown>): Promise<GraphQLError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if ('value' in outcome) throw new Error(`expected BAD_USER_INPUT, got ${JSON.stringify(outcome.value)}`);
  const { error } = outcome;
  if (error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT') return error;
  throw error;
}

/** A fake range client: how often each password was seen, null for "could not ask". */
function fakeBreaches(seen: Record<string, number | null>) {
  const asked: string[] = [];
  const check: BreachCheck = {
    timesSeen: (password) => {
      asked.push(password);
      return Promise.resolve(password in seen ? (seen[password] ?? null) : 0);
    },
  };
  return { check, asked };
}

const owner = { email: 'jane.doe@example.com', name: 'Margaret Hamilton' };

describe('screenNewPassword', () => {
  const { check, asked } = fakeBreaches({ 'a breached phrase': 42, 'unknown to a dead range server': null });
  const screen = createPasswordScreen(check);

  it.each([
    ['seven77', 'TOO_SHORT'],
    ['p'.repeat(73), 'TOO_LONG'],
    ['password1', 'COMMON_PASSWORD'],
    ['qwertyuiop', 'COMMON_PASSWORD'],
    ['1234567890', 'COMMON_PASSWORD'],
    ['PassWord1', 'COMMON_PASSWORD'],
    ['ｐａｓｓｗｏｒｄ１', 'COMMON_PASSWORD'],
    ['jane.doe rocks', 'CONTAINS_PERSONAL_INFO'],
    ['I love Hamilton', 'CONTAINS_PERSONAL_INFO'],
    ['MARGARET-1906', 'CONTAINS_PERSONAL_INFO'],
    ['margarethamilton!', 'CONTAINS_PERSONAL_INFO'],
    ['a breached phrase', 'BREACHED'],
  ])('refuses %j with reason %s, naming the field', async (password, reason) => {
    const error = await refusal(screen(password, owner, 'newPassword'));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword', reason });
    expect(error.message).toMatch(/^[A-Z]/);
  });

  it('says in plain words why a common password is refused', async () => {
    const error = await refusal(screen('password1', owner));
    expect(error.message).toBe('This password is too common: it is one of the first that attackers try');
    expect(error.extensions.field).toBe('password');
  });

  it('accepts a password that is none of these, NFKC-normalised as before', async () => {
    await expect(screen('cafe\u0301 au lait sous la pluie', owner)).resolves.toBe('caf\u00e9 au lait sous la pluie');
  });

  it('ignores parts of the email and name shorter than 4 characters', async () => {
    await expect(screen('al and bo and li fly a kite', { email: 'al@example.com', name: 'Bo Li' })).resolves.toBe(
      'al and bo and li fly a kite',
    );
  });

  it('ignores the email domain', async () => {
    await expect(screen('example of a passphrase', owner)).resolves.toBe('example of a passphrase');
  });

  it('lets the password through when the breach check could not answer', async () => {
    await expect(screen('unknown to a dead range server', owner)).resolves.toBe('unknown to a dead range server');
  });

  it('asks the breach check only about a password every other rule accepted', async () => {
    asked.length = 0;
    await refusal(screen('password1', owner));
    await refusal(screen('jane.doe rocks', owner));
    await screen('a fine long passphrase', owner);
    expect(asked).toEqual(['a fine long passphrase']);
  });

  it('asks nothing when no breach check is configured', async () => {
    await expect(createPasswordScreen(null)('a breached phrase', owner)).resolves.toBe('a breached phrase');
  });
});

describe('commonPasswords', () => {
  it('holds at least 10,000 passwords of 8 characters or more, lower-cased, from the ranked list', () => {
    const list = commonPasswords();
    expect([...list].filter((password) => password.length >= 8).length).toBeGreaterThanOrEqual(10_000);
    for (const password of ['password', '12345678', 'iloveyou', 'sunshine', 'football1']) {
      expect(list.has(password)).toBe(true);
    }
    expect([...list].every((password) => password === password.toLowerCase())).toBe(true);
  });

  it('is loaded once', () => {
    expect(commonPasswords()).toBe(commonPasswords());
  });
});

describe('the breach check (Pwned Passwords range protocol)', () => {
  let range: RangeServer;
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger(
    'info',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n'))
          if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    }),
  );

  beforeAll(async () => {
    range = await startRangeServer({ 'breached forty times': 40, 'listed only as padding': 0 });
  });
  afterAll(() => range.close());
  beforeEach(() => {
    range.hang = false;
    range.requests.length = 0;
    logs.length = 0;
  });

  it('sends only the upper-case 5-character SHA-1 prefix, with Add-Padding: true, and reads the count', async () => {
    const check = createBreachCheck({ url: range.url, timeoutMs: 2000, logger });
    await expect(check.timesSeen('breached forty times')).resolves.toBe(40);
    expect(range.requests).toEqual([
      { path: `/range/${sha1Hex('breached forty times').slice(0, 5)}`, addPadding: 'true' },
    ]);
  });

  it('answers 0 for a password not listed, and for one listed only as padding (count 0)', async () => {
    const check = createBreachCheck({ url: range.url, timeoutMs: 2000, logger });
    await expect(check.timesSeen('never breached anywhere')).resolves.toBe(0);
    await expect(check.timesSeen('listed only as padding')).resolves.toBe(0);
  });

  it('answers null after the timeout when the range server hangs, and logs a warning without the password', async () => {
    range.hang = true;
    const check = createBreachCheck({ url: range.url, timeoutMs: 200, logger });
    await expect(check.timesSeen('breached forty times')).resolves.toBeNull();
    const warning = logs.find((line) => line.msg === 'password breach check failed; password accepted unchecked');
    expect(warning).toMatchObject({ level: 40, reason: 'timeout' });
    expect(JSON.stringify(logs)).not.toContain('breached forty times');
    expect(JSON.stringify(logs)).not.toContain(sha1Hex('breached forty times').slice(0, 5));
  });

  it('answers null and logs when the range server refuses or cannot be reached', async () => {
    const refusing = createBreachCheck({ url: `${range.url}not-a-prefix/`, timeoutMs: 2000, logger });
    await expect(refusing.timesSeen('breached forty times')).resolves.toBeNull();
    const closed = await startRangeServer();
    await closed.close();
    const unreachable = createBreachCheck({ url: closed.url, timeoutMs: 2000, logger });
    await expect(unreachable.timesSeen('breached forty times')).resolves.toBeNull();
    const reasons = logs
      .filter((line) => line.msg === 'password breach check failed; password accepted unchecked')
      .map((line) => line.reason);
    expect(reasons).toEqual(['status 400', 'network']);
  });
});
