/**
 * Issue 13: the account page's "Recent security activity" card. The API writes each event after
 * its response, so the card is refreshed (with its button, as a person would) until it shows it.
 */
import path from 'node:path';
import { expectAccountPage, logIn, refreshUntil, registeredPage } from './support/account';
import { newContext, setUpBrowser } from './support/browser';
import { ARTIFACTS } from './support/stack';

setUpBrowser();

/** The browser the second sign-in comes from, as its User-Agent header says. */
const CHROME_ON_MACOS =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('security activity', () => {
  it('lists a sign-in from another browser and the wrong password before it, newest first, with device, address and time', async () => {
    const startedAt = Date.now();
    const { page, email } = await registeredPage();
    const card = page.getByRole('region', { name: 'Recent security activity' });
    // Signing up is no security event: the new account has none.
    await card.getByText('No activity yet').waitFor();

    const other = await (await newContext({ userAgent: CHROME_ON_MACOS })).newPage();
    await other.goto('/login');
    await logIn(other, email, 'not the password');
    await other.locator('.notice-error').filter({ hasText: 'Wrong email or password.' }).waitFor();
    await logIn(other, email);
    await expectAccountPage(other, email);

    const rows = card.getByTestId('security-events').locator('li');
    await refreshUntil(page, rows.nth(1));
    await page.screenshot({ path: path.join(ARTIFACTS, 'account-security-activity.png'), fullPage: true });

    const shown = await rows.evaluateAll((items) =>
      items.map((item) => ({
        type: item.querySelector('.activity-type')?.textContent,
        warning: item.hasAttribute('data-warning'),
        device: item.querySelector('.activity-device')?.textContent,
        fullUserAgent: item.querySelector('.activity-device')?.getAttribute('title'),
        address: item.querySelector('.activity-address')?.textContent,
        ago: item.querySelector('time')?.textContent,
        exact: item.querySelector('time')?.getAttribute('title'),
        at: item.querySelector('time')?.getAttribute('datetime'),
      })),
    );
    // The label written out, not computed by the app's own deviceLabel(): that would pass whatever it said.
    const seen = { device: 'Chrome on macOS', fullUserAgent: CHROME_ON_MACOS, address: '127.0.0.1', ago: 'just now' };
    expect(shown).toEqual([
      { type: 'Signed in', warning: false, ...seen, exact: expect.any(String), at: expect.any(String) },
      { type: 'Wrong password entered', warning: true, ...seen, exact: expect.any(String), at: expect.any(String) },
    ]);
    expect(await rows.nth(1).getByText('Check this').count()).toBe(1);
    // The exact time is there too, machine-readable and as a tooltip; newest first.
    const times = shown.map(({ at }) => Date.parse(at ?? ''));
    for (const time of times) expect(time).toBeGreaterThanOrEqual(startedAt - 1_000);
    for (const time of times) expect(time).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const { exact } of shown) expect(exact).toMatch(/\d{1,2}:\d{2}/);
  });
});
