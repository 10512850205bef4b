/**
 * Where the sign-in forms send a visitor afterwards: `?next=` only ever leads to a page of this site.
 */
import type { Page } from 'playwright-core';
import { fillRegister, logIn, newEmail, register, registeredPage } from './support/account';
import { newContext, setUpBrowser } from './support/browser';
import { stack } from './support/stack';

setUpBrowser();

// guards: issue 10 — `?next=` must not turn the sign-in forms into an open redirect.
describe('the way back after signing in (?next=)', () => {
  // Each, decoded and followed naively, leads to another site: the URL parser drops tab, LF and
  // CR and reads `\` as `/`.
  const HOSTILE = [
    '/%09/evil.example',
    '/%0A/evil.example',
    '/%0D/evil.example',
    '/%5Cevil.example',
    '/%5C/evil.example',
    '//evil.example',
    'https://evil.example/',
    'javascript:alert(document.domain)',
  ];

  /** Answers any request that leaves this site with a page of its own, so a redirect shows in the URL. */
  async function offSiteContext() {
    const context = await newContext();
    await context.route(
      (url) => url.origin !== stack.webUrl,
      (route) => route.fulfill({ contentType: 'text/html', body: '<h1>Another site</h1>' }),
    );
    return context;
  }

  /** Where the page is once it has left the sign-in form for a page at `/` (here or elsewhere). */
  async function landing(page: Page): Promise<string> {
    await page.waitForURL((url) => url.pathname === '/');
    return page.url();
  }

  const home = () => `${stack.webUrl}/`;

  it.each(['/login', '/register'])('%s sends a signed-in visitor home, never off the site', async (form) => {
    const context = await offSiteContext();
    const page = await context.newPage();
    await register(page);
    const landed: Record<string, string> = {};

    for (const next of HOSTILE) {
      await page.goto(`${form}?next=${next}`);
      landed[next] = await landing(page);
    }

    expect(landed).toEqual(Object.fromEntries(HOSTILE.map((next) => [next, home()])));
  });

  it.each(['/login', '/register'])(
    '%s sends a visitor home once signed in, never off the site',
    async (form) => {
      const { email } = await registeredPage();
      const landed: Record<string, string> = {};

      for (const next of HOSTILE) {
        const page = await (await offSiteContext()).newPage();
        await page.goto(`${form}?next=${next}`);
        if (form === '/login') await logIn(page, email);
        else await fillRegister(page, newEmail());
        landed[next] = await landing(page);
      }

      expect(landed).toEqual(Object.fromEntries(HOSTILE.map((next) => [next, home()])));
    },
    // Eight sign-ins, each in a new browser: past 60 s on a busy machine.
    120_000,
  );
});
