/**
 * The web app's sign-in and refresh, once, through the example supergraph's gateway: a production
 * build of the web app whose /graphql goes to Hive Gateway, in front of the API and the notes
 * subgraph (all real processes on 127.0.0.1), driven by Chromium. Here, not in `npm test`: the
 * build of its own (the gateway's address is baked in at build time) takes a minute or two. That
 * build replaces the e2e one in client/.next: E2E_REUSE_BUILD=1 after it would reach no API.
 */
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../client/e2e/support/settings';
import { startStack } from '../../client/e2e/support/startStack';
import type { Stack } from '../../client/e2e/support/startStack';

const PASSWORD = 'correct horse battery staple';
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack({ throughGateway: true });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
}, 60_000);

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: stack.webUrl });
  return context.newPage();
}

const accountPage = (page: Page, email: string) => page.getByTestId('me-email').filter({ hasText: email }).waitFor();

/** What the web app's /graphql answers for an operation only the supergraph knows. */
const anonymousAddNote = (page: Page) =>
  page.evaluate(async () => {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { addNote(text: "x") { id } }' }),
    });
    return ((await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions
      ?.code;
  });

describe('the web app behind the gateway', () => {
  it('signs in through the gateway and stays signed in across a reload by refreshing through it', async () => {
    const email = `gateway-${randomBytes(5).toString('hex')}@example.com`;
    const first = await newPage();
    await first.goto('/register');
    await first.getByLabel('Name').fill('Ada Lovelace');
    await first.getByLabel('Email').fill(email);
    await first.getByLabel('Password').fill(PASSWORD);
    await first.getByRole('button', { name: 'Create account' }).click();
    await accountPage(first, email);
    // The web app's /graphql is the gateway: the notes subgraph's mutation is known there (and
    // refused without a token), where the API alone would not know it.
    expect(await anonymousAddNote(first)).toBe('UNAUTHENTICATED');

    const page = await newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await accountPage(page, email);

    const refreshed = page.waitForResponse(
      (response) => response.url().endsWith('/graphql') && !!response.request().postData()?.includes('refreshToken'),
    );
    await page.reload();
    const refresh = (await (await refreshed).json()) as { data?: { refreshToken?: { accessToken?: string } } };
    expect(refresh.data?.refreshToken?.accessToken).toEqual(expect.any(String));
    await accountPage(page, email);
  }, 120_000);
});
