// Four users turn on two-factor authentication at the same moment while others register and
// sign in, against one API process with the production bcrypt cost. Before issue 19 each setup
// hashed 10 recovery codes with bcrypt: 4 setups asked 40 places of a pool of 4 running + 32
// waiting, and the others were answered SERVICE_UNAVAILABLE.
import { ObjectId } from 'mongodb';
import * as OTPAuth from 'otpauth';
import { LOGIN, REGISTER, TestClient, openDatabase, startApi, testDatabaseUri, timed, unhandledLines } from './harness';
import type { ApiProcess, Outcome } from './harness';
import { CONFIRM_TOTP_SETUP, START_TOTP_SETUP } from '../src/testing/operations';

const SETUPS = 4;
const OTHERS = 8;
const PASSWORD = 'correct horse battery';

let api: ApiProcess;
let direct: Awaited<ReturnType<typeof openDatabase>>;
const uri = testDatabaseUri();

beforeAll(async () => {
  // The production cost and pool (BCRYPT_COST 12, 4 running, 32 waiting), limits out of the way.
  api = await startApi({ MONGODB_URI: uri, BCRYPT_COST: '12', REGISTER_MAX_PER_IP: '100000' });
  direct = await openDatabase(uri);
});
afterAll(async () => {
  expect(unhandledLines(api.output())).toEqual([]);
  await api.stop();
  await direct.db.dropDatabase().catch(() => undefined);
  await direct.close();
});

/** A signed-in client of a new account whose address is confirmed (MFA setup asks for it). */
async function account(): Promise<{ client: TestClient; email: string }> {
  const client = new TestClient(api.url);
  const email = `mfa-${new ObjectId().toHexString()}@example.test`;
  const res = await client.gql(REGISTER, { input: { email, password: PASSWORD, name: null } });
  client.accessToken = res.data!.register.accessToken;
  await direct.db.collection('users').updateOne({ email }, { $set: { emailVerifiedAt: new Date() } });
  return { client, email };
}

/** startTotpSetup: the secret, whose code confirms the setup next. */
async function startSetup(client: TestClient): Promise<string> {
  const res = await client.gql(START_TOTP_SETUP, { input: { password: PASSWORD } });
  if (!res.data) throw new Error(`startTotpSetup: ${JSON.stringify(res.errors)}`);
  return res.data.startTotpSetup.secret;
}

const confirm = (client: TestClient, secret: string): Promise<Outcome> =>
  timed('confirmTotpSetup', () =>
    client.gql(CONFIRM_TOTP_SETUP, {
      input: { code: new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate() },
    }),
  );

describe(`${SETUPS} users setting up TOTP at the same moment while ${OTHERS} others register and ${OTHERS} sign in`, () => {
  it('answers everyone: no SERVICE_UNAVAILABLE, and every setup writes its 10 recovery codes', async () => {
    const setters = await Promise.all(Array.from({ length: SETUPS }, () => account()));
    const existing = await Promise.all(Array.from({ length: OTHERS }, () => account()));
    const secrets = await Promise.all(setters.map(({ client }) => startSetup(client)));

    // The confirmations (each issuing 10 recovery codes) at the moment the others arrive.
    const [setups, registrations, logins] = await Promise.all([
      Promise.all(setters.map(({ client }, i) => confirm(client, secrets[i]!))),
      Promise.all(
        Array.from({ length: OTHERS }, (_, i) =>
          timed('register', () =>
            new TestClient(api.url).gql(REGISTER, {
              input: {
                email: `other-${i}-${new ObjectId().toHexString()}@example.test`,
                password: PASSWORD,
                name: null,
              },
            }),
          ),
        ),
      ),
      Promise.all(
        existing.map(({ email }) =>
          timed('login', () => new TestClient(api.url).gql(LOGIN, { input: { email, password: PASSWORD } })),
        ),
      ),
    ]);

    const answers = [...setups, ...registrations, ...logins].map(({ op, code }) => `${op}: ${code}`);
    expect(answers.filter((answer) => !answer.endsWith(': ok'))).toEqual([]);
    expect(await direct.db.collection('recovery_codes').countDocuments()).toBe(SETUPS * 10);
  });
});
