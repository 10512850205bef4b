/**
 * The access token's life in the browser, with tokens that live four seconds: a refusal answered
 * by one refresh and a retry of each query, and tabs that share one refresh per lifetime.
 */
import { expectAccountPage, register, registeredPage } from './support/account';
import { newContext, setUpBrowser } from './support/browser';
import { countRefreshes, dataFor, recordOperations } from './support/network';
import { ACCESS_TTL_MS } from './support/stack';

setUpBrowser();

describe('an expired access token', () => {
  it('is refreshed once when the account page’s four queries are refused together, and each is retried', async () => {
    const context = await newContext();
    const page = await context.newPage();
    // The page's clock is stopped: its proactive refresh never fires and it keeps believing the
    // token is valid, so the server's refusal is what triggers the refresh.
    await page.clock.install();
    const email = await register(page);
    // A moment ahead: pauseAt only moves forward, and the page's time keeps running until then.
    await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 250);
    await new Promise((resolve) => setTimeout(resolve, ACCESS_TTL_MS + 1_000));
    const refreshes = countRefreshes(page);
    const operations = recordOperations(page);

    const QUERIES = ['AccountHeader', 'Profile', 'Sessions', 'SecurityActivity'];
    const answered = Promise.all(QUERIES.map((name) => dataFor(page, name)));
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await page.clock.resume(); // the queries have left with the old token; let timers run again
    await answered;

    expect(refreshes.count).toBe(1);
    // Each query went out twice: refused with the expired token, then retried with the new one.
    const queries = operations.filter((name) => name !== 'RefreshToken');
    for (const name of QUERIES) {
      expect(queries.filter((sent) => sent === name).length).toBeGreaterThanOrEqual(2);
    }
    await expectAccountPage(page, email);
    expect(await page.locator('.notice-error').count()).toBe(0);
  });
});

describe('several tabs', () => {
  it('renew the token before it expires, one refresh per lifetime between them, and no request fails', async () => {
    const { context, page, email } = await registeredPage();
    const other = await context.newPage();
    await other.goto('/');
    await expectAccountPage(other, email);
    const tabs = [page, other];
    const refreshes = tabs.map(countRefreshes);
    const refused: string[] = [];
    for (const tab of tabs) {
      tab.on('response', async (response) => {
        const body = await response.text().catch(() => '');
        if (response.url().endsWith('/graphql') && body.includes('UNAUTHENTICATED')) refused.push(body);
      });
    }

    const windowMs = ACCESS_TTL_MS * 3;
    await new Promise((resolve) => setTimeout(resolve, windowMs));

    // A token is renewed after three quarters of its life: shared, that is one refresh per cycle
    // (about five here, counting the edges); each tab on its own would make about ten.
    const cycles = Math.ceil(windowMs / (ACCESS_TTL_MS * 0.75));
    const total = refreshes.reduce((sum, counter) => sum + counter.count, 0);
    expect(total).toBeGreaterThanOrEqual(cycles - 1);
    expect(total).toBeLessThanOrEqual(cycles + 2);
    expect(refused).toEqual([]);
    for (const tab of tabs) {
      const answered = dataFor(tab, 'Sessions');
      await tab.getByRole('button', { name: 'Refresh', exact: true }).click();
      await answered;
    }
  });
});
