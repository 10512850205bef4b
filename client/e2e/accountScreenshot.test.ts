/**
 * Retakes `client/docs/account.png`, the README's picture of the account page: an account with a
 * confirmed address, two sessions, a passkey, and a sign-in (after a wrong password) from another
 * browser in its security activity. Opt-in, since it rewrites a tracked file:
 *
 *   E2E_SCREENSHOT=1 npm test -- client/e2e/accountScreenshot.test.ts
 */
import path from 'node:path';
import { linkIn } from '../../scripts/lib/mailbox';
import { ROOT } from '../../scripts/lib/processes';
import { expectAccountPage, logIn, refreshUntil, register } from './support/account';
import { newContext, setUpBrowser } from './support/browser';
import { withVirtualAuthenticator } from './support/passkeys';
import { stack } from './support/stack';

setUpBrowser();

const SCREENSHOT = path.join(ROOT, 'client', 'docs', 'account.png');

// Browsers as a person's devices would name themselves, rather than "Headless Chrome on Linux".
const LAPTOP =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const PHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

describe('the README screenshot', () => {
  it('shows the account page with every card in use', async () => {
    const page = await (await newContext({ userAgent: LAPTOP, colorScheme: 'light' })).newPage();
    // The stack's database is new for each run, so this address is free.
    const email = await register(page, 'ada@example.com');

    const mail = await stack.mailbox.waitFor((m) => m.to.includes(email) && m.subject === 'Confirm your email address');
    await page.goto(linkIn(mail, `${stack.webUrl}/verify-email?`).url);
    await page.getByRole('button', { name: 'Confirm email address', disabled: false }).click();
    await page.getByRole('link', { name: 'Go to your account' }).click();
    await expectAccountPage(page, email);

    await withVirtualAuthenticator(page);
    const passkeys = page.locator('section', { has: page.getByRole('heading', { name: 'Passkeys' }) });
    await passkeys.getByRole('button', { name: 'Add a passkey' }).click();
    await passkeys.getByLabel('Passkey name (optional)').fill('MacBook');
    await passkeys.getByRole('button', { name: 'Create passkey' }).click();
    await passkeys.getByTestId('passkey').filter({ hasText: 'MacBook' }).waitFor();
    await page.reload(); // without the "Passkey added." notice
    await expectAccountPage(page, email);

    const phone = await (await newContext({ userAgent: PHONE })).newPage();
    await phone.goto('/login');
    await logIn(phone, email, 'not the password');
    await phone.locator('.notice-error').filter({ hasText: 'Wrong email or password.' }).waitFor();
    await logIn(phone, email);
    await expectAccountPage(phone, email);

    // Email verified, passkey added, the wrong password, the sign-in: four events.
    await refreshUntil(page, page.getByTestId('security-events').locator('li').nth(3));
    await page.getByTestId('session-count').filter({ hasText: '2 sessions' }).waitFor();
    await page
      .getByTestId('email-status')
      .filter({ hasText: /^Verified$/ })
      .waitFor();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });
});
