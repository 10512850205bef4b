/**
 * Signing up and in through the web app's forms: the account page after sign-up, the way to it
 * and back for a visitor, wrong passwords and their limit, and the address the API records.
 */
import path from 'node:path';
import { expectAccountPage, logIn, register, registeredPage } from './support/account';
import { newContext, setUpBrowser } from './support/browser';
import { countRefreshes, errorCode, responseTo } from './support/network';
import { ARTIFACTS, stack } from './support/stack';

setUpBrowser();

describe('signing up', () => {
  it('lands on the account page with the user and one session, marked as this device', async () => {
    const page = await (await newContext()).newPage();
    await page.goto('/register');
    await page.screenshot({ path: path.join(ARTIFACTS, 'register.png') });

    const email = await register(page);

    await page.getByTestId('session-count').filter({ hasText: '1 session' }).waitFor();
    const sessions = page.getByTestId('sessions').locator('li');
    expect(await sessions.count()).toBe(1);
    expect(await sessions.first().textContent()).toContain('This device');
    expect(await page.getByTestId('profile').textContent()).toContain('Ada Lovelace');
    await page.screenshot({ path: path.join(ARTIFACTS, 'account.png'), fullPage: true });
    expect(await page.getByTestId('me-email').textContent()).toBe(email);
  });
});

describe('a protected page', () => {
  it('sends a visitor without a session to the login page and back after signing in', async () => {
    const { email } = await registeredPage();
    const page = await (await newContext()).newPage();

    await page.goto('/?from=test');
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/?from=test');
    await page.screenshot({ path: path.join(ARTIFACTS, 'login.png') });
    await logIn(page, email);

    await page.getByTestId('me-email').filter({ hasText: email }).waitFor();
    expect(page.url()).toBe(`${stack.webUrl}/?from=test`);
  });

  it('stays signed in across a reload, without showing the login page', async () => {
    const { page, email } = await registeredPage();
    // Records whether the sign-in form is ever rendered, even for a single frame.
    await page.addInitScript(() => {
      const w = window as unknown as { sawLogin: boolean };
      w.sawLogin = false;
      new MutationObserver(() => {
        if (document.querySelector('#auth-title')) w.sawLogin = true;
      }).observe(document, { childList: true, subtree: true });
    });
    const visited: string[] = [];
    page.on('framenavigated', (frame) => visited.push(frame.url()));
    const refreshes = countRefreshes(page);

    await page.reload();

    await expectAccountPage(page, email);
    expect(await page.evaluate(() => (window as unknown as { sawLogin: boolean }).sawLogin)).toBe(false);
    expect(visited.filter((url) => url.includes('/login'))).toEqual([]);
    expect(refreshes.count).toBeGreaterThanOrEqual(1);
  });
});

describe('signing in', () => {
  it('says the password is wrong, then how long to wait once rate limited', async () => {
    const { email } = await registeredPage();
    const page = await (await newContext()).newPage();
    await page.goto('/login');

    await logIn(page, email, 'not the password');
    const alert = page.locator('.notice-error');
    await alert.filter({ hasText: 'Wrong email or password.' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'login-error.png') });

    for (let attempt = 0; attempt < 5; attempt++) {
      const answered = responseTo(page, 'Login');
      await logIn(page, email, 'not the password');
      await answered;
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      if ((await alert.textContent())?.includes('Too many attempts')) break;
    }
    expect(await alert.textContent()).toMatch(/Too many attempts\. Try again in \d+ (seconds?|minutes?)\./);
    await page.screenshot({ path: path.join(ARTIFACTS, 'login-rate-limited.png') });
  });
});

/** Every header in which a client could claim an address, each claiming `address`. */
function spoofing(address: string): Record<string, string> {
  return { 'X-Forwarded-For': address, Forwarded: `for=${address}`, 'X-Real-IP': address };
}

// guards: issue 10 — a browser must not choose the address the API records and rate-limits,
// which Next's /graphql rewrite would forward from its own X-Forwarded-For.
describe('the address the API sees', () => {
  it('is the connection’s own, whatever forwarding headers the browser sends', async () => {
    const { email } = await registeredPage();
    const page = await (await newContext({ extraHTTPHeaders: spoofing('203.0.113.77') })).newPage();
    await page.goto('/login');

    await logIn(page, email);

    await expectAccountPage(page, email);
    const thisDevice = page.locator('[data-testid="sessions"] li[data-current]');
    await thisDevice.waitFor();
    expect(await thisDevice.locator('.session-meta span').first().textContent()).toBe('127.0.0.1');
  });

  it('keys the account+address limit: the sixth wrong password is refused, each sent with another X-Forwarded-For', async () => {
    const { email } = await registeredPage();
    const page = await (await newContext()).newPage();
    await page.goto('/login');
    const codes: (string | undefined)[] = [];

    for (let attempt = 1; attempt <= 7; attempt++) {
      await page.setExtraHTTPHeaders(spoofing(`203.0.113.${attempt}`));
      const answered = responseTo(page, 'Login');
      await logIn(page, email, 'not the password');
      codes.push(errorCode(await (await answered).json()));
      await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    }

    expect(codes).toEqual([...Array<string>(5).fill('UNAUTHENTICATED'), 'RATE_LIMITED', 'RATE_LIMITED']);
  });
});
