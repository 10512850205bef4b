/**
 * Issue 12: account recovery by email. Each flow reads its links from the mail the API sent to
 * the stack's SMTP listener, as a person would from their inbox.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { linkIn } from '../../scripts/lib/mailbox';
import type { ReceivedMail } from '../../scripts/lib/mailbox';
import { PASSWORD, expectAccountPage, logIn, newEmail, registeredPage } from './support/account';
import { newContext, setUpBrowser } from './support/browser';
import { dataFor, recordOperations, responseTo } from './support/network';
import { ARTIFACTS, stack } from './support/stack';

setUpBrowser();

describe('account recovery by email', () => {
  const NEW_PASSWORD = 'a brand new passphrase';
  const RESET_REQUESTED = 'If an account exists for that address, we sent a link to reset its password.';

  /** The first message to `email` with this subject (already received, or waited for) that `match` also accepts. */
  function mailTo(email: string, subject: string, match: (mail: { text: string }) => boolean = () => true) {
    return stack.mailbox.waitFor((mail) => mail.to.includes(email) && mail.subject === subject && match(mail));
  }

  /** The link of a reset mail to `email` (one that does not hold any of the `seen` tokens). */
  const resetLink = async (email: string, seen: string[] = []) =>
    linkIn(
      await mailTo(email, 'Reset your password', (mail) => !seen.some((token) => mail.text.includes(token))),
      `${stack.webUrl}/reset-password?`,
    );
  const verificationLink = async (email: string, seen: string[] = []) =>
    linkIn(
      await mailTo(email, 'Confirm your email address', (mail) => !seen.some((token) => mail.text.includes(token))),
      `${stack.webUrl}/verify-email?`,
    );

  /** Asks for a reset link as the forgot-password page does, without a browser. */
  async function requestReset(email: string) {
    const response = await fetch(`${stack.webUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation ($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }',
        variables: { input: { email } },
      }),
    });
    expect(await response.json()).toEqual({ data: { requestPasswordReset: true } });
  }

  /**
   * Every request of this page that carries `secret` (in its URL, a header such as Referer, or its
   * body), as "GET <url>" or "POST <GraphQL operation>".
   */
  function requestsCarrying(page: Page, secret: string): string[] {
    const found: string[] = [];
    page.on('request', async (request) => {
      const headers = await request.allHeaders().catch(() => ({}));
      const body = request.postData() ?? '';
      if (![request.url(), ...Object.values(headers), body].some((text) => text.includes(secret))) return;
      const operation = body && (JSON.parse(body) as { operationName?: string }).operationName;
      found.push(`${request.method()} ${operation || request.url()}`);
    });
    return found;
  }

  /**
   * Opens an emailed link and waits until the page could act: its button is enabled and the
   * session restore is answered. Returns the operations it sent on its own.
   */
  async function openLink(page: Page, url: string, button: string): Promise<string[]> {
    const operations = recordOperations(page);
    const restored = responseTo(page, 'RefreshToken');
    const response = await page.goto(url);
    expect(response?.headers()['referrer-policy']).toBe('no-referrer');
    await Promise.all([page.getByRole('button', { name: button, disabled: false }).waitFor(), restored]);
    // The token is read, then taken out of the address bar.
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    return [...operations];
  }

  it('forgot password: the emailed link sets a new password; the old one is refused, the new one signs in', async () => {
    const { page, email } = await registeredPage();
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/login');

    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.waitForURL((url) => url.pathname === '/forgot-password');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByRole('status').filter({ hasText: RESET_REQUESTED }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'forgot-password.png') });

    const { url, token } = await resetLink(email);
    expect(token).toMatch(/^[\w-]{43}$/);
    // A mail scanner fetches the link before the person does: that must not spend the token.
    expect((await fetch(url)).status).toBe(200);
    const carrying = requestsCarrying(page, token);
    const onLoad = await openLink(page, url, 'Change password');
    expect(onLoad.filter((name) => name !== 'RefreshToken')).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'reset-password.png') });

    // A password the API refuses is shown, and leaves the token usable.
    await page.getByLabel('New password', { exact: true }).fill('x'.repeat(80));
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('alert').filter({ hasText: 'Password must be at most 72 bytes' }).waitFor();
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password was changed. Sign in with your new password.').waitFor();
    await mailTo(email, 'Your password was changed');

    await page.getByRole('link', { name: 'Sign in', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await logIn(page, email, PASSWORD);
    await page.locator('.notice-error').filter({ hasText: 'Wrong email or password.' }).waitFor();
    await logIn(page, email, NEW_PASSWORD);
    await expectAccountPage(page, email);
    // The reset link reached the owner's inbox, which proves the address too.
    await page
      .getByTestId('email-status')
      .filter({ hasText: /^Verified$/ })
      .waitFor();
    // The token went to the API in the reset requests and nowhere else: no URL, Referer or other body.
    expect(carrying).toEqual([`GET ${url}`, 'POST ResetPassword', 'POST ResetPassword']);
  });

  it('forgot password: the same answer for an address without an account, until its limit says how long to wait', async () => {
    const page = await (await newContext()).newPage();
    await page.goto('/forgot-password');
    await page.getByLabel('Email').fill(newEmail());
    const submit = page.locator('form button[type="submit"]');
    const alert = page.getByRole('alert');

    for (let attempt = 1; attempt <= 3; attempt++) {
      const answered = dataFor(page, 'RequestPasswordReset');
      await submit.click();
      await answered;
      await page.getByRole('status').filter({ hasText: RESET_REQUESTED }).waitFor();
    }
    await submit.click();

    await alert.filter({ hasText: /Too many attempts\. Try again in \d+ (seconds?|minutes?)\./ }).waitFor();
    expect(await page.locator('.notice-info').count()).toBe(0);
  });

  it('register → the emailed link verifies the address; the account page then says so, without a resend button', async () => {
    const { page, email } = await registeredPage();
    const status = page.getByTestId('email-status');
    await status.filter({ hasText: 'Not verified' }).waitFor();
    const resend = page
      .getByRole('region', { name: 'Profile' })
      .getByRole('button', { name: 'Resend verification email' });
    const first = await verificationLink(email);

    await resend.click();
    await page.getByText('Sent. Check your inbox for the new link.').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'account-unverified.png'), fullPage: true });
    const { url, token } = await verificationLink(email, [first.token]);
    const carrying = requestsCarrying(page, token);
    const onLoad = await openLink(page, url, 'Confirm email address');
    expect(onLoad.filter((name) => name !== 'RefreshToken')).toEqual([]);

    await page.getByRole('button', { name: 'Confirm email address' }).click();
    await page.getByRole('heading', { name: 'Email verified' }).waitFor();
    await page.getByRole('link', { name: 'Go to your account' }).click();

    await expectAccountPage(page, email);
    await status.filter({ hasText: /^Verified$/ }).waitFor();
    expect(await resend.count()).toBe(0);
    expect(carrying).toEqual([`GET ${url}`, 'POST VerifyEmail']);
  });

  it('resending the verification mail is limited: the fourth in an hour says how long to wait', async () => {
    const { page, email } = await registeredPage();
    const resend = page
      .getByRole('region', { name: 'Profile' })
      .getByRole('button', { name: 'Resend verification email' });
    const sent = page.getByText('Sent. Check your inbox for the new link.');

    for (let attempt = 1; attempt <= 3; attempt++) {
      const answered = dataFor(page, 'SendVerificationEmail');
      await resend.click();
      await answered;
      await sent.waitFor();
    }
    await resend.click();

    await page
      .getByRole('alert')
      .filter({ hasText: /Too many attempts\. Try again in \d+ (seconds?|minutes?)\./ })
      .waitFor();
    expect(await page.locator('.notice-info').count()).toBe(0);
    // The sign-up mail and the three resent ones arrive.
    const isVerification = (mail: ReceivedMail) =>
      mail.to.includes(email) && mail.subject === 'Confirm your email address';
    expect(await stack.mailbox.waitForCount(isVerification, 4)).toHaveLength(4);
  });

  it('a reset from a browser signed in to the account ends its session there at once: /login asks to sign in again', async () => {
    const { page, email } = await registeredPage();
    await requestReset(email);
    const { url } = await resetLink(email);
    await openLink(page, url, 'Change password');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Your password was changed.').waitFor();

    // Had the page not found out that its session is over, /login would send it home (and the
    // failed requests there back to /login?next=/).
    await page.getByRole('link', { name: 'Sign in', exact: true }).click();
    await page.getByText('Your session has ended. Please sign in again.').waitFor();
    expect(page.url()).toBe(`${stack.webUrl}/login`);
    await logIn(page, email, NEW_PASSWORD);
    await expectAccountPage(page, email);
  });

  it('a used, a superseded or an unknown reset link is no longer valid, and offers a new one', async () => {
    const { email } = await registeredPage();
    await requestReset(email);
    const superseded = await resetLink(email);
    await requestReset(email);
    const used = await resetLink(email, [superseded.token]);
    const page = await (await newContext()).newPage();
    const resetWith = async (url: string) => {
      await openLink(page, url, 'Change password');
      await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
      await page.getByRole('button', { name: 'Change password' }).click();
    };
    await resetWith(used.url);
    await page.getByText('Your password was changed.').waitFor();

    const unknown = `${stack.webUrl}/reset-password?token=${randomBytes(32).toString('base64url')}`;
    for (const url of [used.url, superseded.url, unknown]) {
      await resetWith(url);
      await page.getByRole('alert').filter({ hasText: 'This link is no longer valid.' }).waitFor();
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'reset-password-invalid.png') });
    await page.getByRole('link', { name: 'Get a new link' }).click();
    await page.waitForURL((url) => url.pathname === '/forgot-password');
  });

  it('an unknown verification link is no longer valid, and says where to ask for a new one', async () => {
    const page = await (await newContext()).newPage();
    await openLink(page, `/verify-email?token=${randomBytes(32).toString('base64url')}`, 'Confirm email address');

    await page.getByRole('button', { name: 'Confirm email address' }).click();

    await page.getByRole('alert').filter({ hasText: 'This link is no longer valid.' }).waitFor();
    expect(await page.getByText('Resend verification email').textContent()).toContain('sign in and press');
    expect(await page.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/login');
  });
});
