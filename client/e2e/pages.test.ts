/**
 * What every page of the web app is before any account: its security headers and CSP nonce, and
 * forms that the browser cannot submit on its own before hydration.
 */
import { newContext, setUpBrowser } from './support/browser';
import { stack } from './support/stack';

setUpBrowser();

describe('a form before the page is interactive', () => {
  it.each(['/login', '/register', '/forgot-password'])(
    '%s cannot be submitted by the browser itself (no fields in a GET query string)',
    async (route) => {
      // No JavaScript at all: what a visitor has in the moments before hydration.
      const page = await (await newContext({ javaScriptEnabled: false })).newPage();
      await page.goto(route);
      expect(await page.locator('button[type="submit"]').isDisabled()).toBe(true);

      for (const input of await page.locator('input').all()) {
        await input.fill((await input.getAttribute('type')) === 'email' ? 'ada@example.com' : 'a secret passphrase');
      }
      // A submission would navigate within milliseconds; a second without one is the answer.
      const navigated = page.waitForEvent('framenavigated', { timeout: 1_000 }).then(
        (frame) => frame.url(),
        () => null,
      );
      await page.locator('input').last().press('Enter');

      expect(await navigated).toBeNull();
      expect(new URL(page.url()).search).toBe('');
    },
  );
});

// guards: issue 10 — the web app sent no security headers.
describe('every page', () => {
  const PAGES = ['/', '/login', '/register', '/forgot-password', '/no-such-page'];

  it.each(PAGES)('%s allows only scripts with its own nonce, and no framing', async (path) => {
    const response = await fetch(`${stack.webUrl}${path}`);
    const html = await response.text();

    const policy = response.headers.get('content-security-policy') ?? '';
    const scriptSrc = /script-src ([^;]*)/.exec(policy)?.[1] ?? '';
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
    expect(nonce).toBeDefined();
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(scriptSrc).not.toContain('unsafe-eval');
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("object-src 'none'");
    // Every script Next rendered carries this response's nonce.
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it.each(PAGES)('%s sets nosniff, a referrer policy, a permissions policy and HSTS', async (path) => {
    const response = await fetch(`${stack.webUrl}${path}`);

    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
  });

  it('gets a fresh nonce with every response', async () => {
    const nonces = await Promise.all(
      [1, 2].map(async () => (await fetch(`${stack.webUrl}/login`)).headers.get('content-security-policy')),
    );

    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it.each(['/reset-password?token=secret', '/verify-email?token=secret'])(
    '%s, whose URL carries a token, sends no referrer',
    async (path) => {
      const response = await fetch(`${stack.webUrl}${path}`);

      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    },
  );
});
