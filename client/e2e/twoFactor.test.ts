/**
 * Issue 14: two-factor authentication (TOTP) through the account page's card and the sign-in
 * form's second step. The codes come from `TotpCodes`, computed from the secret the page shows,
 * as an authenticator app would.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PASSWORD, expectAccountPage, logIn, confirmedPage } from './support/account';
import { newContext, setUpBrowser } from './support/browser';
import { errorCode, responseTo } from './support/network';
import { ARTIFACTS, stack } from './support/stack';
import { TotpCodes } from './support/totp';

setUpBrowser();

describe('two-factor authentication', () => {
  const card = (page: Page) => page.getByRole('region', { name: 'Two-factor authentication' });

  /** Turns two-factor on for the signed-in account of `page` through its card, as a person would. */
  async function setUpMfa(page: Page, { screenshots = false } = {}) {
    const mfa = card(page);
    const status = mfa.getByTestId('mfa-status');
    await status.filter({ hasText: /^Off$/ }).waitFor();
    await mfa.getByRole('button', { name: 'Set up' }).click();
    await mfa.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await mfa.getByRole('button', { name: 'Continue' }).click();

    const qr = mfa.getByRole('img', { name: /QR code/ });
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/);
    // The SVG decoded as an image (a broken one would reject, or have no size).
    const width = await qr.evaluate(async (img: HTMLImageElement) => {
      await img.decode();
      return img.naturalWidth;
    });
    expect(width).toBeGreaterThan(0);
    const secret = (await mfa.getByTestId('totp-secret').textContent())?.replace(/\s/g, '') ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/);
    if (screenshots) await page.screenshot({ path: path.join(ARTIFACTS, 'account-mfa-setup.png'), fullPage: true });

    const codes = new TotpCodes(secret);
    await mfa.getByLabel('Authentication code').fill(await codes.next());
    await mfa.getByRole('button', { name: 'Confirm' }).click();

    const shown = mfa.getByTestId('recovery-codes').locator('li');
    await shown.first().waitFor();
    const recoveryCodes = (await shown.allTextContents()).map((code) => code.trim());
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[A-Z0-9]{4,}(-[A-Z0-9]{4,})+$/);
    if (screenshots)
      await page.screenshot({ path: path.join(ARTIFACTS, 'account-mfa-recovery-codes.png'), fullPage: true });
    return { secret, codes, recoveryCodes };
  }

  /** A fresh account with two-factor on, and a browser that has not signed in to it. */
  async function mfaAccount() {
    const { page, email } = await confirmedPage();
    const setup = await setUpMfa(page);
    await card(page).getByRole('button', { name: 'Done' }).click();
    await card(page).getByTestId('mfa-status').filter({ hasText: /^On$/ }).waitFor();
    const other = await (await newContext()).newPage();
    return { email, other, ...setup };
  }

  /** The password step of `page`, answered MFA_REQUIRED: the code step is shown. */
  async function passwordStep(page: Page, email: string) {
    const answered = responseTo(page, 'Login');
    await logIn(page, email);
    const body = (await (await answered).json()) as { data?: unknown };
    expect(errorCode(body)).toBe('MFA_REQUIRED');
    expect(body.data ?? null).toBeNull();
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
  }

  async function verify(page: Page, code: string) {
    await page.getByLabel('Authentication code').fill(code);
    await page.getByRole('button', { name: 'Verify' }).click();
  }

  it('setup: password, QR code and secret key, a code from the app, then the 10 recovery codes once; the card says On', async () => {
    const { page, email } = await confirmedPage();
    const mfa = card(page);

    // A wrong password starts nothing.
    await mfa.getByRole('button', { name: 'Set up' }).click();
    await mfa.getByLabel('Password', { exact: true }).fill('not the password');
    await mfa.getByRole('button', { name: 'Continue' }).click();
    await mfa.getByRole('alert').filter({ hasText: 'Your password is not correct.' }).waitFor();
    await mfa.getByRole('button', { name: 'Cancel' }).click();

    const { recoveryCodes } = await setUpMfa(page, { screenshots: true });

    const downloading = page.waitForEvent('download');
    await mfa.getByRole('button', { name: 'Download' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('recovery-codes.txt');
    const text = await readFile(await download.path(), 'utf8');
    for (const code of recoveryCodes) expect(text).toContain(code);
    expect(text).toContain(email);

    await mfa.getByRole('button', { name: 'Done' }).click();
    await mfa.getByTestId('mfa-status').filter({ hasText: /^On$/ }).waitFor();
    // Shown once: gone from the page, and the account keeps two-factor on after a reload.
    expect(await mfa.getByTestId('recovery-codes').count()).toBe(0);
    await page.reload();
    await expectAccountPage(page, email);
    await card(page).getByTestId('mfa-status').filter({ hasText: /^On$/ }).waitFor();
    expect(await card(page).getByRole('button', { name: 'Turn off' }).count()).toBe(1);
    expect(await card(page).getByRole('button', { name: 'New recovery codes' }).count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'account-mfa-on.png'), fullPage: true });
  });

  it('login with a code: the password, then "Authentication code"; a wrong code is refused, the right one signs in and returns to ?next=', async () => {
    const { email, other: page, codes } = await mfaAccount();
    await page.goto('/?from=mfa');
    await page.waitForURL((url) => url.pathname === '/login');

    await passwordStep(page, email);
    await page.screenshot({ path: path.join(ARTIFACTS, 'login-mfa.png') });
    // No session yet: only the pending sign-in's cookie, no refresh cookie.
    expect((await page.context().cookies()).map(({ name }) => name)).not.toContain('refresh_token');
    await verify(page, '000000');
    await page.getByRole('alert').filter({ hasText: 'That code is not valid' }).waitFor();
    await verify(page, await codes.next());

    await page.getByTestId('me-email').filter({ hasText: email }).waitFor();
    expect(page.url()).toBe(`${stack.webUrl}/?from=mfa`);
    // A full session: the refresh cookie restores it on a reload.
    await page.reload();
    await page.getByTestId('me-email').filter({ hasText: email }).waitFor();
    await card(page).getByTestId('mfa-status').filter({ hasText: /^On$/ }).waitFor();
  });

  it('login with a recovery code: it signs in once; the same code in another browser is not valid', async () => {
    const {
      email,
      other: page,
      recoveryCodes: [first = '', second = ''],
    } = await mfaAccount();
    await page.goto('/login');
    await passwordStep(page, email);
    await verify(page, first);
    await expectAccountPage(page, email);

    const again = await (await newContext()).newPage();
    await again.goto('/login');
    await passwordStep(again, email);
    await verify(again, first);
    await again.getByRole('alert').filter({ hasText: 'That code is not valid' }).waitFor();
    // Still on the code step: another, unused code works.
    await verify(again, second);
    await expectAccountPage(again, email);
  });

  it('when on: new recovery codes void the old ones; Turn off asks for the password and a code, then the password alone signs in', async () => {
    const { page, email } = await confirmedPage();
    const mfa = card(page);
    const { codes, recoveryCodes: old } = await setUpMfa(page);
    await mfa.getByRole('button', { name: 'Done' }).click();

    await mfa.getByRole('button', { name: 'New recovery codes' }).click();
    await mfa.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await mfa.getByRole('button', { name: 'Create new codes' }).click();
    const shown = mfa.getByTestId('recovery-codes').locator('li');
    await shown.first().waitFor();
    const [fresh = ''] = (await shown.allTextContents()).map((code) => code.trim());
    expect(await shown.count()).toBe(10);
    expect(old).not.toContain(fresh);
    await mfa.getByRole('button', { name: 'Done' }).click();

    const other = await (await newContext()).newPage();
    await other.goto('/login');
    await passwordStep(other, email);
    await verify(other, old[0] ?? '');
    await other.getByRole('alert').filter({ hasText: 'That code is not valid' }).waitFor();
    await verify(other, fresh);
    await expectAccountPage(other, email);

    await mfa.getByRole('button', { name: 'Turn off' }).click();
    await mfa.getByLabel('Password', { exact: true }).fill('not the password');
    await mfa.getByLabel('Authentication code').fill('000000');
    await mfa.getByRole('button', { name: 'Turn off' }).click();
    await mfa.getByRole('alert').filter({ hasText: 'Your password is not correct.' }).waitFor();
    await mfa.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await mfa.getByLabel('Authentication code').fill(await codes.next());
    await mfa.getByRole('button', { name: 'Turn off' }).click();
    await mfa.getByTestId('mfa-status').filter({ hasText: /^Off$/ }).waitFor();

    const third = await (await newContext()).newPage();
    await third.goto('/login');
    await logIn(third, email);
    await expectAccountPage(third, email);
  });

  it('after 5 wrong codes the sign-in has expired: back to the password step, which starts over', async () => {
    const { email, other: page, codes, recoveryCodes } = await mfaAccount();
    await page.goto('/login');
    await passwordStep(page, email);

    const alert = page.getByRole('alert');
    for (let attempt = 1; attempt <= 5; attempt++) {
      const answered = responseTo(page, 'VerifyMfa');
      await verify(page, attempt % 2 ? '000000' : 'WRONG-CODE-0000');
      await answered;
      await alert.filter({ hasText: 'That code is not valid' }).waitFor();
      await page.getByRole('button', { name: 'Verify' }).waitFor();
    }
    // Even a right code (a recovery code, which leaves the TOTP steps to the next sign-in) is refused now.
    await verify(page, recoveryCodes[0] ?? '');

    await page.getByText('The sign-in has expired; enter your password again.').waitFor();
    await page.getByLabel('Password').waitFor();
    expect(await page.getByLabel('Authentication code').count()).toBe(0);
    expect(await page.getByLabel('Email').inputValue()).toBe(email); // only the password to type again
    await passwordStep(page, email);
    await verify(page, await codes.next());
    await expectAccountPage(page, email);
  });
});
