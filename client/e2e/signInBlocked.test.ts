/**
 * Issue 19 item 4: after too many wrong second-factor codes in a row, the sign-in form says that
 * signing in with the password is blocked and links to the reset. The account and the wrong codes
 * are made through the API (as an attacker with the password would); the sign-in is a person's.
 */
import { linkIn } from '../../scripts/lib/mailbox';
import { PASSWORD, logIn, newEmail } from './support/account';
import { newContext, setUpBrowser } from './support/browser';
import { stack } from './support/stack';
import { TotpCodes } from './support/totp';

setUpBrowser();

/** One GraphQL request through the web app, as a browser's would go, with `cookie` if given. */
async function gql(query: string, variables: unknown, cookie = '') {
  const response = await fetch(`${stack.webUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]!);
  return { body, cookies };
}

/** A confirmed account with TOTP on, set up through the API. */
async function mfaAccount(): Promise<string> {
  const email = newEmail();
  const registered = await gql('mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }', {
    input: { email, password: PASSWORD },
  });
  const token = (registered.body.data!.register as { accessToken: string }).accessToken;
  const mail = await stack.mailbox.waitFor((m) => m.to.includes(email) && m.subject === 'Confirm your email address');
  await gql('mutation ($input: VerifyEmailInput!) { verifyEmail(input: $input) }', {
    input: { token: linkIn(mail, `${stack.webUrl}/verify-email?`).token },
  });
  const authorized = async (query: string, variables: unknown) => {
    const response = await fetch(`${stack.webUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: Record<string, { secret?: string }> | null };
  };
  const setup = await authorized('mutation ($input: PasswordInput!) { startTotpSetup(input: $input) { secret } }', {
    input: { password: PASSWORD },
  });
  const secret = setup.data!.startTotpSetup!.secret!;
  const confirmed = await authorized('mutation ($input: MfaCodeInput!) { confirmTotpSetup(input: $input) }', {
    input: { code: await new TotpCodes(secret).next() },
  });
  expect(confirmed.data?.confirmTotpSetup).toBeDefined();
  return email;
}

/** 10 wrong codes after the right password, 5 per pending sign-in. */
async function tenWrongCodes(email: string) {
  for (let round = 0; round < 2; round++) {
    const login = await gql('mutation ($input: LoginInput!) { login(input: $input) { accessToken } }', {
      input: { email, password: PASSWORD },
    });
    const pending = login.cookies.find((c) => /mfa_pending=/.test(c))!;
    for (let i = 0; i < 5; i++) {
      await gql(
        'mutation ($input: MfaCodeInput!) { verifyMfa(input: $input) { accessToken } }',
        {
          input: { code: '000000' },
        },
        pending,
      );
    }
  }
}

describe('a sign-in blocked after too many wrong codes', () => {
  it('says so on the sign-in form, with a link to reset the password', async () => {
    const email = await mfaAccount();
    await tenWrongCodes(email);
    const page = await (await newContext()).newPage();
    await page.goto('/login');

    await logIn(page, email);

    await page
      .locator('.notice-error')
      .filter({ hasText: 'signing in with it is blocked. Reset your password to continue, or sign in with a passkey.' })
      .waitFor();
    expect(await page.getByRole('link', { name: 'Reset your password' }).getAttribute('href')).toBe('/forgot-password');
  });
});
