/**
 * Chromium for one test file: launched before its first test, a fresh context for every browser
 * a test needs, closed after each test, the browser closed after the file. Every page is watched
 * for Content-Security-Policy violations, and a test fails on any.
 */
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './settings';
import { stack } from './stack';

let browser: Browser | undefined;
const contexts: BrowserContext[] = [];
/** Content-Security-Policy violations any page reported during the current test. */
const cspViolations: string[] = [];

/** Call once at the top of a test file that opens pages. */
export function setUpBrowser(): void {
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  }, 60_000);

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    // guards: every flow runs under the app's CSP (nonces, no inline script) without tripping it.
    expect(cspViolations.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
  }, 60_000);
}

/** A new browser profile (its own cookies and storage) on the web app. */
export async function newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
  if (!browser) throw new Error('no browser: call setUpBrowser() at the top of the test file');
  const context = await browser.newContext({
    baseURL: stack.webUrl,
    viewport: { width: 1180, height: 900 },
    ...options,
  });
  contexts.push(context);
  await watchCsp(context);
  return context;
}

/** Collects what the browser blocked under the page's CSP, from the event and from its console. */
async function watchCsp(context: BrowserContext) {
  // Init scripts are injected by the browser itself, so the policy under test does not block this one.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`);
    });
  });
  context.on('console', (message) => {
    if (/CSP violation|Content Security Policy/.test(message.text())) cspViolations.push(message.text());
  });
}
