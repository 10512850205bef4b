/**
 * Where an account is signed in: signing out in one tab or everywhere, revoking another session,
 * and a password change that keeps this session and ends the others.
 */
import path from 'node:path';
import { PASSWORD, expectAccountPage, logIn, registeredPage } from './support/account';
import { newContext, setUpBrowser } from './support/browser';
import { ARTIFACTS } from './support/stack';

setUpBrowser();

describe('signing out', () => {
  it('in one tab sends the other tab to the login page', async () => {
    const { context, page, email } = await registeredPage();
    const other = await context.newPage();
    await other.goto('/');
    await expectAccountPage(other, email);

    await page.getByRole('button', { name: 'Log out', exact: true }).click();

    await page.waitForURL((url) => url.pathname === '/login');
    await other.waitForURL((url) => url.pathname === '/login');
  });

  it('everywhere from one browser signs out another browser on its next request', async () => {
    const { page, email } = await registeredPage();
    const elsewhere = await (await newContext()).newPage();
    await elsewhere.goto('/login');
    await logIn(elsewhere, email);
    await expectAccountPage(elsewhere, email);
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.getByTestId('session-count').filter({ hasText: '2 sessions' }).waitFor();

    await page.getByRole('button', { name: 'Log out everywhere' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    // Its next request may be this click or its own proactive refresh, whichever comes first.
    await elsewhere
      .getByRole('button', { name: 'Refresh', exact: true })
      .click({ timeout: 2_000 })
      .catch(() => undefined);

    await elsewhere.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/');
    await elsewhere.getByText('Your session has ended').waitFor();
  });
});

describe('managing sessions', () => {
  async function twoBrowsers() {
    const { page, email } = await registeredPage();
    const other = await (await newContext()).newPage();
    await other.goto('/login');
    await logIn(other, email);
    await expectAccountPage(other, email);
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.getByTestId('session-count').filter({ hasText: '2 sessions' }).waitFor();
    return { page, other, email };
  }

  it('revokes another session, which is signed out on its next request', async () => {
    const { page, other } = await twoBrowsers();
    await page.screenshot({ path: path.join(ARTIFACTS, 'account-two-sessions.png'), fullPage: true });

    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.getByTestId('session-count').filter({ hasText: '1 session' }).waitFor();
    await other
      .getByRole('button', { name: 'Refresh', exact: true })
      .click({ timeout: 2_000 })
      .catch(() => undefined);

    await other.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('changes the password, keeping this session and ending the others', async () => {
    const { page, other, email } = await twoBrowsers();

    await page.getByLabel('Current password').fill('not the password');
    await page.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('.notice-error').filter({ hasText: 'Your current password is not correct.' }).waitFor();
    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();

    await page.getByText('Password changed.').waitFor();
    await page.getByTestId('session-count').filter({ hasText: '1 session' }).waitFor();
    await other.waitForURL((url) => url.pathname === '/login', { timeout: 15_000 });
    await page.reload();
    await expectAccountPage(page, email);
  });
});
