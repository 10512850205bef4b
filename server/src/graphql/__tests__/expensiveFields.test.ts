// guards: the one-expensive-field rule reads its list from the schema's `@expensive` directive,
// and the directive sits on exactly the mutations that run bcrypt, check a code, send mail or
// sign in (issue 18 §3, issue 19 §2a).
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import bcrypt from 'bcrypt';
import { getNamedType, isCompositeType, isInputObjectType } from 'graphql';
import * as OTPAuth from 'otpauth';
import { linkIn } from '../../../../scripts/lib/mailbox';
import {
  CHANGE_PASSWORD,
  CONFIRM_TOTP_SETUP,
  DELETE_PASSKEY,
  DISABLE_TOTP,
  FINISH_PASSKEY_LOGIN,
  FINISH_PASSKEY_REGISTRATION,
  LOGIN,
  LOGOUT,
  LOGOUT_ALL,
  REAUTHENTICATE,
  REGENERATE_RECOVERY_CODES,
  REGISTER,
  REQUEST_PASSWORD_RESET,
  RESET_PASSWORD,
  REVOKE_SESSION,
  SEND_VERIFICATION_EMAIL,
  SESSIONS,
  START_PASSKEY_LOGIN,
  START_PASSKEY_REGISTRATION,
  START_TOTP_SETUP,
  VERIFY_EMAIL,
  VERIFY_MFA,
} from '../../testing/operations';
import { SoftAuthenticator } from '../../testing/softAuthenticator';
import { errorCode, uniqueEmail, useTestServer } from '../../testing/testServer';
import type { GraphQLResponse } from '../../testing/testServer';
import { expensiveFields } from '../queryLimits';
import { buildSchema } from '../schema';

const APP_URL = 'http://localhost:3000';
const schema = buildSchema();
const mutationFields = schema.getMutationType()!.getFields();
const expensive = expensiveFields(schema);

/** A mutation selecting each of `names`, every argument a variable of its declared type. */
function mutationOf(names: string[]): string {
  const variables: string[] = [];
  const selections = names.map((name, i) => {
    const field = mutationFields[name]!;
    const args = field.args.map((arg) => {
      variables.push(`$${arg.name}${i}: ${arg.type.toString()}`);
      return `${arg.name}: $${arg.name}${i}`;
    });
    const list = args.length > 0 ? `(${args.join(', ')})` : '';
    return `f${i}: ${name}${list}${isCompositeType(getNamedType(field.type)) ? ' { __typename }' : ''}`;
  });
  return `mutation${variables.length > 0 ? `(${variables.join(', ')})` : ''} { ${selections.join(' ')} }`;
}

describe('@expensive mutations', () => {
  const server = useTestServer({ APP_URL });

  it.each(expensive)(
    'refuses %s beside another expensive mutation, naming every one, before either runs',
    async (name) => {
      const other = name === 'login' ? 'register' : 'login';
      const res = await server()
        .client()
        .gql(mutationOf([name, other]));
      expect(res.status).toBe(400);
      expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
      for (const field of expensive) expect(res.errors?.[0]?.message).toContain(field);
    },
  );

  it.each(expensive)('lets %s pass validation beside a cheap mutation', async (name) => {
    // The variables are left out, so validation passes and nothing runs: BAD_USER_INPUT.
    const res = await server()
      .client()
      .gql(mutationOf([name, 'revokeSession']));
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
  });

  // guards: 15 aliases of regenerateRecoveryCodes in one document made 15 code sets (issue 19 §2).
  it('refuses 15 aliases of regenerateRecoveryCodes in one document, before any runs', async () => {
    const aliases = Array.from({ length: 15 }, (_, i) => `r${i}: regenerateRecoveryCodes(input: $input)`);
    const res = await server()
      .client()
      .gql(`mutation($input: PasswordInput!) { ${aliases.join(' ')} }`, { input: { password: 'any' } });

    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('are exactly the mutations that run bcrypt, check a code, send mail or answer an AuthPayload, found by running each one', async () => {
    const hash = jest.spyOn(bcrypt, 'hash');
    const compare = jest.spyOn(bcrypt, 'compare');
    const bcryptCalls = () => hash.mock.calls.length + compare.mock.calls.length;
    const ranWork = new Map<string, boolean>();
    const s = server();
    /** Runs one mutation and notes whether it hashed or checked anything with bcrypt, or sent mail. */
    async function run<T>(field: string, send: () => Promise<GraphQLResponse<T>>, expectedCode?: string) {
      const before = { bcrypt: bcryptCalls(), mail: s.mailbox.received.length };
      const res = await send();
      expect({ field, code: errorCode(res) }).toEqual({ field, code: expectedCode });
      await s.services.drainEvents(5_000); // some mail follows a recorded event
      await s.services.drainMail(5_000);
      const worked = bcryptCalls() > before.bcrypt || s.mailbox.received.length > before.mail;
      ranWork.set(field, (ranWork.get(field) ?? false) || worked);
      return res;
    }
    const mailFor = async (email: string, subject: string, path: string, send: () => Promise<unknown>) => {
      const after = s.mailbox.received.length;
      await send();
      const mail = await s.mailbox.waitFor(
        (m) => m.to.includes(email) && m.subject === subject && s.mailbox.received.indexOf(m) >= after,
      );
      return linkIn(mail, `${APP_URL}${path}?token=`).token;
    };

    try {
      // Account, address, sessions.
      const owner = s.client();
      const email = uniqueEmail();
      let password = 'correct horse battery';
      const registered = await run('register', () => owner.gql(REGISTER, { input: { email, password } }));
      owner.accessToken = registered.data!.register.accessToken;
      const verification = await mailFor(email, 'Confirm your email address', '/verify-email', () =>
        run('sendVerificationEmail', () => owner.gql(SEND_VERIFICATION_EMAIL)),
      );
      await run('verifyEmail', () => owner.gql(VERIFY_EMAIL, { input: { token: verification } }));
      const other = s.client();
      await run('login', () => other.gql(LOGIN, { input: { email, password } }));
      await run('refreshToken', () => owner.refresh());
      const sessions = (await owner.gql(SESSIONS, {})).data!.sessions;
      const otherSession = sessions.find((session) => !session.current)!.id;
      await run('revokeSession', () => owner.gql(REVOKE_SESSION, { id: otherSession }));
      const changed = await run('changePassword', () =>
        owner.gql(CHANGE_PASSWORD, { input: { currentPassword: password, newPassword: 'a new passphrase' } }),
      );
      password = 'a new passphrase';
      owner.accessToken = changed.data!.changePassword.accessToken;
      await run('reauthenticate', () => owner.gql(REAUTHENTICATE, { input: { password } }));

      // Passkeys.
      const authenticator = new SoftAuthenticator();
      const creation = await run('startPasskeyRegistration', () => owner.gql(START_PASSKEY_REGISTRATION));
      const options = creation.data!.startPasskeyRegistration as PublicKeyCredentialCreationOptionsJSON;
      const response = authenticator.register(options, { origin: APP_URL });
      const added = await run('finishPasskeyRegistration', () =>
        owner.gql(FINISH_PASSKEY_REGISTRATION, { response, name: 'Laptop' }),
      );
      const browser = s.client();
      const request = await run('startPasskeyLogin', () =>
        browser.gql(START_PASSKEY_LOGIN, undefined, { cookie: null }),
      );
      const passkeyCookie = request.setCookies.map((c) => /^passkey_login=([^;]+)/.exec(c)?.[1]).find(Boolean);
      const assertion = authenticator.authenticate(
        request.data!.startPasskeyLogin as PublicKeyCredentialRequestOptionsJSON,
        { origin: APP_URL },
      );
      await run('finishPasskeyLogin', () =>
        browser.gql(
          FINISH_PASSKEY_LOGIN,
          { response: assertion },
          { cookie: null, headers: { cookie: `passkey_login=${passkeyCookie}` } },
        ),
      );
      await run('deletePasskey', () => owner.gql(DELETE_PASSKEY, { id: added.data!.finishPasskeyRegistration.id }));

      // Two-factor authentication.
      const setup = await run('startTotpSetup', () => owner.gql(START_TOTP_SETUP, { input: { password } }));
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(setup.data!.startTotpSetup.secret) });
      await run('confirmTotpSetup', () => owner.gql(CONFIRM_TOTP_SETUP, { input: { code: totp.generate() } }));
      const regenerated = await run('regenerateRecoveryCodes', () =>
        owner.gql(REGENERATE_RECOVERY_CODES, { input: { password } }),
      );
      const [first, second] = regenerated.data!.regenerateRecoveryCodes as [string, string];
      const mfaBrowser = s.client();
      const step1 = await run('login', () => mfaBrowser.gql(LOGIN, { input: { email, password } }), 'MFA_REQUIRED');
      const pending = step1.setCookies.map((c) => /^mfa_pending=([^;]+)/.exec(c)?.[1]).find(Boolean);
      await run('verifyMfa', () =>
        mfaBrowser.gql(
          VERIFY_MFA,
          { input: { code: first } },
          { cookie: null, headers: { cookie: `mfa_pending=${pending}` } },
        ),
      );
      await run('disableTotp', () => owner.gql(DISABLE_TOTP, { input: { password, code: second } }));

      // Ending sessions, then a password reset.
      await run('logout', () => browser.gql(LOGOUT));
      await run('logoutAll', () => owner.gql(LOGOUT_ALL));
      const reset = await mailFor(email, 'Reset your password', '/reset-password', () =>
        run('requestPasswordReset', () => s.client().gql(REQUEST_PASSWORD_RESET, { input: { email } })),
      );
      await run('resetPassword', () =>
        s.client().gql(RESET_PASSWORD, { input: { token: reset, newPassword: 'yet another passphrase' } }),
      );
    } finally {
      hash.mockRestore();
      compare.mockRestore();
    }

    // Every mutation of the schema was run; a new one fails here until it is added above.
    expect([...ranWork.keys()].sort()).toEqual(Object.keys(mutationFields).sort());
    const work = [...ranWork].filter(([, ran]) => ran).map(([field]) => field);
    const signIns = Object.values(mutationFields)
      .filter((field) => getNamedType(field.type).name === 'AuthPayload')
      .map((field) => field.name);
    // A code check (a TOTP or recovery code, or a WebAuthn answer) is read from the arguments:
    // a `code` in the input, or a WebAuthn `response`.
    const codeChecks = Object.values(mutationFields)
      .filter((field) =>
        field.args.some((arg) => {
          const type = getNamedType(arg.type);
          return arg.name === 'response' || (isInputObjectType(type) && 'code' in type.getFields());
        }),
      )
      .map((field) => field.name);
    expect([...expensive].sort()).toEqual([...new Set([...work, ...signIns, ...codeChecks])].sort());
  });
});
