// Hostile input against a running API process: property-based GraphQL inputs
// (fast-check), hundreds of requests per property. Whatever arrives, the answer is
// a success or an error with a known code, never a 5xx, never a crash, never a
// half-written account. Malformed HTTP, one case at a time, is specified in process
// (server/src/http/__tests__/malformedRequests.test.ts).
import fc from 'fast-check';
import { ObjectId } from 'mongodb';
import * as OTPAuth from 'otpauth';
import type { DocumentNode } from 'graphql';
import { print } from 'graphql';
import {
  CLIENT_ERROR_CODES,
  CHANGE_PASSWORD,
  LOGIN,
  REGISTER,
  REQUEST_PASSWORD_RESET,
  RESET_PASSWORD,
  TestClient,
  VERIFY_EMAIL,
  VERIFY_MFA,
  healthy,
  nextIp,
  openDatabase,
  rawPost,
  startApi,
  testDatabaseUri,
  unhandledLines,
} from './harness';
import type { ApiProcess, RawResponse } from './harness';
import {
  CONFIRM_TOTP_SETUP,
  FINISH_PASSKEY_LOGIN,
  FINISH_PASSKEY_REGISTRATION,
  START_PASSKEY_LOGIN,
  START_PASSKEY_REGISTRATION,
  START_TOTP_SETUP,
} from '../src/testing/operations';

let api: ApiProcess;
let direct: Awaited<ReturnType<typeof openDatabase>>;
const uri = testDatabaseUri();

beforeAll(async () => {
  // Rate limits out of the way (they are specified in process): here they would turn most
  // generated inputs into RATE_LIMITED before validation or bcrypt ever saw them.
  const unlimited = '100000';
  api = await startApi({
    MONGODB_URI: uri,
    REGISTER_MAX_PER_IP: unlimited,
    LOGIN_MAX_FAILURES: unlimited,
    LOGIN_MAX_FAILURES_ACCOUNT: unlimited,
    LOGIN_MAX_FAILURES_IP: unlimited,
  });
  direct = await openDatabase(uri);
});
afterAll(async () => {
  expect(unhandledLines(api.output())).toEqual([]);
  await api.stop();
  await direct.db.dropDatabase().catch(() => undefined);
  await direct.close();
});

const users = () => direct.db.collection('users');
const sessions = () => direct.db.collection('sessions');

/** A GraphQL POST from a fresh address (so rate limits don't mask other answers). */
async function post(
  document: DocumentNode,
  variables: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return rawPost(api.url, JSON.stringify({ query: print(document), variables }), {
    'content-type': 'application/json',
    'x-forwarded-for': nextIp(),
    ...headers,
  });
}

/** A success, or an error whose code is one a client can act on; never a 5xx. */
function expectKnownAnswer(res: RawResponse) {
  expect(res.status).toBeLessThan(500);
  expect(res.json).not.toBeNull();
  if (res.json!.errors) {
    for (const error of res.json!.errors) expect(CLIENT_ERROR_CODES).toContain(error.extensions?.code);
  } else {
    expect(res.json!.data).toBeTruthy();
  }
}

// Strings a user might type or an attacker might send.
const lookAlikes = fc.constantFrom(
  'ｕｓｅｒ@ｅｘａｍｐｌｅ.ｃｏｍ', // fullwidth: NFKC folds it to ASCII
  'user\u200b@example.com', // zero-width space
  '\u202euser@example.com', // right-to-left override
  'user@exa\u200dmple.com', // zero-width joiner
  'ｐａｓｓｗｏｒｄ１２３',
  'pa\u0073\u0301sword-é-é', // combining vs precomposed
  '\ufeffpassword bom',
  'ﬁﬂﬃ ligatures',
  '\u0000null byte password',
  '\ud800 lone surrogate',
  '𝐩𝐚𝐬𝐬𝐰𝐨𝐫𝐝 math bold',
  '',
  ' ',
);
const huge = fc.constantFrom('A'.repeat(10_000), 'é'.repeat(40_000), `${'x'.repeat(300)}@example.com`);
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 80, unit: 'grapheme' }) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40, unit: 'binary' }) },
  { weight: 3, arbitrary: lookAlikes },
  { weight: 3, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: huge },
);
/** Anything JSON can carry where a string belongs: numbers, nulls, arrays, nested objects, `$` keys. */
const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.constant({ $gt: '' }),
  fc.constant({ $ne: null }),
  fc.constant({ __proto__: { admin: true } }),
  fc.jsonValue({ maxDepth: 6 }),
);
const field = fc.oneof({ weight: 8, arbitrary: text }, { weight: 2, arbitrary: notAString });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 5 });

describe('register with generated input', () => {
  it('answers a success or a known error code, and writes a user and a session only on success', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 9, arbitrary: fc.record({ email: field, password: field, name: maybe(field) }) },
          { weight: 1, arbitrary: notAString },
        ),
        async (input) => {
          const [usersBefore, sessionsBefore] = await Promise.all([
            users().countDocuments(),
            sessions().countDocuments(),
          ]);
          const res = await post(REGISTER, { input });
          expectKnownAnswer(res);
          const created = res.json?.data?.register !== undefined && res.json?.data?.register !== null;
          expect(await users().countDocuments()).toBe(usersBefore + (created ? 1 : 0));
          expect(await sessions().countDocuments()).toBe(sessionsBefore + (created ? 1 : 0));
        },
      ),
      { numRuns: 150, seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31) },
    );
    expect(await healthy(api)).toBe(true);
  });
});

describe('login with generated input', () => {
  it('answers a success or a known error code, and creates a session only on success', async () => {
    const known = await new TestClient(api.url).register();
    const sessionsOfKnown = () => sessions().countDocuments({ userId: new ObjectId(known.user.id) });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          email: fc.oneof({ weight: 1, arbitrary: fc.constant(known.email) }, { weight: 4, arbitrary: field }),
          password: fc.oneof({ weight: 1, arbitrary: fc.constant(known.password) }, { weight: 4, arbitrary: field }),
        }),
        async (input) => {
          const before = await sessionsOfKnown();
          const res = await post(LOGIN, { input });
          expectKnownAnswer(res);
          const signedIn = Boolean(res.json?.data?.login);
          expect(await sessionsOfKnown()).toBe(before + (signedIn ? 1 : 0));
        },
      ),
      { numRuns: 120 },
    );
    expect(await healthy(api)).toBe(true);
  });
});

describe('changePassword with generated input', () => {
  it('answers a success or a known error code, and changes the password hash only on success', async () => {
    const client = new TestClient(api.url);
    const { email } = await client.register();
    let password = 'correct horse battery';
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          currentPassword: fc.oneof(
            { weight: 1, arbitrary: fc.constant('<current>') },
            { weight: 4, arbitrary: field },
          ),
          newPassword: field,
        }),
        async (generated) => {
          const input = {
            ...generated,
            currentPassword: generated.currentPassword === '<current>' ? password : generated.currentPassword,
          };
          const before = await users().findOne({ email });
          const res = await post(CHANGE_PASSWORD, { input }, { authorization: `Bearer ${client.accessToken}` });
          expectKnownAnswer(res);
          const after = await users().findOne({ email });
          const changed = (res.json?.data?.changePassword ?? null) as { accessToken: string } | null;
          if (changed) {
            client.accessToken = changed.accessToken;
            password = String(input.newPassword).normalize('NFKC');
            expect(after!.passwordHash).not.toBe(before!.passwordHash);
          } else {
            expect(after!.passwordHash).toBe(before!.passwordHash);
          }
          expect(await sessions().countDocuments({ userId: before!._id })).toBe(1);
        },
      ),
      { numRuns: 100 },
    );
    // The password tracked above is the one the API holds: every change it reported was made, and only those.
    expect((await new TestClient(api.url).login(email, password)).errors).toBeUndefined();
    expect(await healthy(api)).toBe(true);
  });
});

describe('account recovery and verifyMfa with generated input', () => {
  it('answers a success or a known error code, and changes no password and verifies no address', async () => {
    const { email } = await new TestClient(api.url).register();
    const before = await users().findOne({ email });
    // Tokens shaped like real ones (43 base64url characters), beside anything at all.
    const token = fc.oneof(
      { weight: 1, arbitrary: fc.base64String({ minLength: 44, maxLength: 44 }) },
      { weight: 4, arbitrary: field },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .record({ email: fc.oneof(fc.constant(email), field) })
            .map((input) => [REQUEST_PASSWORD_RESET, input] as const),
          fc.record({ token, newPassword: field }).map((input) => [RESET_PASSWORD, input] as const),
          fc.record({ token }).map((input) => [VERIFY_EMAIL, input] as const),
          notAString.map((input) => [RESET_PASSWORD, input] as const),
          fc.record({ code: field }).map((input) => [VERIFY_MFA, input] as const),
        ),
        async ([document, input]) => {
          const res = await post(document, { input });
          expectKnownAnswer(res);
          expect(JSON.stringify(res.json?.data ?? {})).not.toMatch(/false/);
        },
      ),
      { numRuns: 150 },
    );
    const after = await users().findOne({ email });
    expect(after!.passwordHash).toBe(before!.passwordHash);
    expect(after!.emailVerifiedAt ?? null).toBeNull();
    expect(await healthy(api)).toBe(true);
  });
});

// guards: issue 15 — the passkey ceremonies take arbitrary JSON; none of it may crash the API,
// sign anyone in or add a passkey.
describe('passkey ceremonies with generated answers', () => {
  it('answers a known error code, signs nobody in and stores no passkey', async () => {
    const owner = new TestClient(api.url);
    const { email } = await owner.register();
    // A confirmed address, so the answers reach the registration ceremony (else EMAIL_NOT_VERIFIED).
    await users().updateOne({ email }, { $set: { emailVerifiedAt: new Date() } });
    const { _id: userId } = (await users().findOne({ email }))!;
    const b64 = fc.base64String({ maxLength: 200 }).map((s) => s.replace(/=+$/, '').replace(/\+/g, '-'));
    // clientDataJSON that parses, with any challenge and origin, beside anything at all.
    const clientData = fc
      .record({ type: fc.constantFrom('webauthn.get', 'webauthn.create', 'x'), challenge: field, origin: field })
      .map((data) => Buffer.from(JSON.stringify(data)).toString('base64url'));
    const shaped = fc.record({
      id: fc.oneof(b64, field),
      rawId: fc.oneof(b64, field),
      type: fc.oneof(fc.constant('public-key'), field),
      response: fc.record({
        clientDataJSON: fc.oneof(clientData, field),
        authenticatorData: fc.oneof(b64, field),
        attestationObject: fc.oneof(b64, field),
        signature: fc.oneof(b64, field),
        userHandle: fc.oneof(b64, field),
      }),
      clientExtensionResults: fc.oneof(fc.constant({}), field),
    });
    const answer = fc.oneof({ weight: 3, arbitrary: shaped }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) });
    await fc.assert(
      fc.asyncProperty(answer, fc.boolean(), async (response, registering) => {
        if (registering) {
          await owner.gql(START_PASSKEY_REGISTRATION);
          const res = await owner.gql(FINISH_PASSKEY_REGISTRATION, { response: response as never });
          expect(res.status).toBeLessThan(500);
          expect(CLIENT_ERROR_CODES).toContain(res.errors?.[0]?.extensions?.code);
          return;
        }
        const browser = new TestClient(api.url);
        const started = await browser.gql(START_PASSKEY_LOGIN, undefined, { cookie: null });
        const cookie = started.setCookies.map((c) => /^passkey_login=([^;]*)/.exec(c)?.[1]).find(Boolean);
        const res = await browser.gql(
          FINISH_PASSKEY_LOGIN,
          { response: response as never },
          { cookie: null, headers: cookie ? { cookie: `passkey_login=${cookie}` } : {} },
        );
        expect(res.status).toBeLessThan(500);
        expect(res.data?.finishPasskeyLogin ?? null).toBeNull();
        expect(CLIENT_ERROR_CODES).toContain(res.errors?.[0]?.extensions?.code);
      }),
      { numRuns: 120 },
    );
    expect(await direct.db.collection('passkeys').countDocuments({ userId })).toBe(0);
    expect(await sessions().countDocuments({ userId })).toBe(1);
    expect(await healthy(api)).toBe(true);
  });
});

// guards: 15 aliases of regenerateRecoveryCodes in one document made 15 code sets, 165 bcrypt
// hashes from one request (issue 19 §2a).
describe('a document of 15 aliases of regenerateRecoveryCodes', () => {
  it('is refused at validation (GRAPHQL_VALIDATION_FAILED) and writes no recovery code', async () => {
    const owner = new TestClient(api.url);
    const { email, password } = await owner.register();
    await users().updateOne({ email }, { $set: { emailVerifiedAt: new Date() } });
    const setup = await owner.gql(START_TOTP_SETUP, { input: { password } });
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.data!.startTotpSetup.secret) });
    expect((await owner.gql(CONFIRM_TOTP_SETUP, { input: { code: totp.generate() } })).errors).toBeUndefined();
    const { _id: userId } = (await users().findOne({ email }))!;
    const codesBefore = await direct.db.collection('recovery_codes').find({ userId }).toArray();
    const aliases = Array.from({ length: 15 }, (_, i) => `r${i}: regenerateRecoveryCodes(input: $input)`);

    const res = await owner.gql(`mutation Many($input: PasswordInput!) { ${aliases.join(' ')} }`, {
      input: { password },
    });

    expect(res.status).toBe(400);
    expect(res.errors?.map((error) => error.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(await direct.db.collection('recovery_codes').find({ userId }).toArray()).toEqual(codesBefore);
    expect(await healthy(api)).toBe(true);
  });
});
