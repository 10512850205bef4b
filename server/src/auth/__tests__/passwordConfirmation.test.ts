// Password confirmations: the password asked again on a signed-in device before a sensitive
// change (reauthenticate, startTotpSetup, regenerateRecoveryCodes, disableTotp). Each costs a
// password hash, so they count per account, successes included (issue 19 §2b), and their
// errors say which field was wrong (§2c).
import { awayFromStepEdge, totpCode } from '../../testing/totpCodes';
import {
  CONFIRM_TOTP_SETUP,
  DISABLE_TOTP,
  REAUTHENTICATE,
  REGENERATE_RECOVERY_CODES,
  START_TOTP_SETUP,
} from '../../testing/operations';
import { errorCode, uniqueEmail, useTestServer } from '../../testing/testServer';
import type { GraphQLResponse, TestServer } from '../../testing/testServer';

const server = useTestServer();
const HOUR = 3600_000;

const fieldOf = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions?.field;

const codeOf = (secret: string, s: TestServer) => totpCode(s, secret);

/** Marks the address confirmed, as its link would: turning MFA on asks for it (issue 19 §1). */
const confirmAddress = (s: TestServer, email: string) =>
  s.db.models.User.updateOne({ email }, { $set: { emailVerifiedAt: s.now() } });

async function withMfa(s: TestServer) {
  const client = s.client();
  const account = await client.register(uniqueEmail());
  await confirmAddress(s, account.email);
  awayFromStepEdge(s);
  const setup = (await client.gql(START_TOTP_SETUP, { input: { password: account.password } })).data!.startTotpSetup;
  const codes = (await client.gql(CONFIRM_TOTP_SETUP, { input: { code: codeOf(setup.secret, s) } })).data!
    .confirmTotpSetup;
  return { client, ...account, secret: setup.secret, codes };
}

describe('password confirmations, per account (PASSWORD_CONFIRM_MAX)', () => {
  it('count every confirmation, successes included: the 11th in an hour is RATE_LIMITED, whichever mutation asks', async () => {
    const client = server().client();
    const { password, email } = await client.register(uniqueEmail());
    await confirmAddress(server(), email);

    for (let i = 0; i < 5; i++) {
      expect(errorCode(await client.gql(REAUTHENTICATE, { input: { password } }))).toBeUndefined();
      expect(errorCode(await client.gql(START_TOTP_SETUP, { input: { password } }))).toBeUndefined();
    }
    const limited = await client.gql(REAUTHENTICATE, { input: { password } });

    expect(errorCode(limited)).toBe('RATE_LIMITED');
    expect(errorCode(await client.gql(START_TOTP_SETUP, { input: { password } }))).toBe('RATE_LIMITED');
    server().advance(HOUR + 1_000);
    await client.refresh(); // the access token expired meanwhile
    expect(errorCode(await client.gql(REAUTHENTICATE, { input: { password } }))).toBeUndefined();
  });

  it('count per account: another account is not limited by the first', async () => {
    const first = server().client();
    const { password } = await first.register(uniqueEmail());
    for (let i = 0; i < 10; i++) await first.gql(REAUTHENTICATE, { input: { password } });
    const second = server().client();
    const other = await second.register(uniqueEmail());

    expect(errorCode(await first.gql(REAUTHENTICATE, { input: { password } }))).toBe('RATE_LIMITED');
    expect(errorCode(await second.gql(REAUTHENTICATE, { input: { password: other.password } }))).toBeUndefined();
  });

  it('count regenerations of recovery codes and turning MFA off', async () => {
    const s = server();
    const { client, password, secret } = await withMfa(s); // 1 confirmation: startTotpSetup
    for (let i = 0; i < 9; i++) {
      expect(errorCode(await client.gql(REGENERATE_RECOVERY_CODES, { input: { password } }))).toBeUndefined();
    }
    awayFromStepEdge(s);
    const disable = await client.gql(DISABLE_TOTP, { input: { password, code: codeOf(secret, s) } });

    expect(errorCode(disable)).toBe('RATE_LIMITED');
    expect(errorCode(await client.gql(REGENERATE_RECOVERY_CODES, { input: { password } }))).toBe('RATE_LIMITED');
  });
});

describe('password confirmation errors', () => {
  it('answer a wrong password with BAD_USER_INPUT on the field "password", in every confirmation', async () => {
    const s = server();
    const { client, secret } = await withMfa(s);
    const plain = s.client();
    const { email } = await plain.register(uniqueEmail());
    await confirmAddress(s, email); // TOTP setup asks for a confirmed address first
    const password = 'not the password';
    awayFromStepEdge(s);

    const answers = [
      await plain.gql(REAUTHENTICATE, { input: { password } }),
      await plain.gql(START_TOTP_SETUP, { input: { password } }),
      await client.gql(REGENERATE_RECOVERY_CODES, { input: { password } }),
      await client.gql(DISABLE_TOTP, { input: { password, code: codeOf(secret, s) } }),
    ];

    expect(answers.map((res) => [errorCode(res), fieldOf(res)])).toEqual(
      Array.from({ length: 4 }, () => ['BAD_USER_INPUT', 'password']),
    );
  });

  it('answer a missing code on an account with MFA with BAD_USER_INPUT on the field "code"', async () => {
    const { client, password } = await withMfa(server());

    const res = await client.gql(DISABLE_TOTP, { input: { password, code: ' ' } });

    expect([errorCode(res), fieldOf(res)]).toEqual(['BAD_USER_INPUT', 'code']);
  });

  it('answer a wrong or overlong code with INVALID_CODE, never UNAUTHENTICATED', async () => {
    const s = server();
    const { client, password } = await withMfa(s);

    expect(errorCode(await client.gql(DISABLE_TOTP, { input: { password, code: '000000' } }))).toBe('INVALID_CODE');
    expect(errorCode(await client.gql(DISABLE_TOTP, { input: { password, code: 'A'.repeat(80) } }))).toBe(
      'INVALID_CODE',
    );
  });
});
