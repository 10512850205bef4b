/**
 * guards: issue 15 — passkeys in real Chromium, through its WebAuthn virtual authenticator
 * (`support/passkeys.ts`), as a platform authenticator would.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expectAccountPage, confirmedPage } from './support/account';
import { newContext, setUpBrowser } from './support/browser';
import { errorCode, responseTo } from './support/network';
import { withVirtualAuthenticator } from './support/passkeys';
import { ARTIFACTS } from './support/stack';

setUpBrowser();

describe('passkeys', () => {
  /** A browser without autofill for passkeys (no conditional mediation): only the button is offered. */
  async function browserWithoutAutofill() {
    const context = await newContext();
    await context.addInitScript(() => {
      Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', {
        value: () => Promise.resolve(false),
      });
    });
    return context.newPage();
  }

  it('adds a passkey, refuses the same authenticator twice, signs in from autofill and from the button, removes it', async () => {
    const { page, email } = await confirmedPage();
    const authenticator = await withVirtualAuthenticator(page);
    const passkeysCard = (on: Page) => on.locator('section', { has: on.getByRole('heading', { name: 'Passkeys' }) });
    const card = passkeysCard(page);
    await card.getByTestId('passkey-count').filter({ hasText: '0 passkeys' }).waitFor();

    await card.getByRole('button', { name: 'Add a passkey' }).click();
    await card.getByLabel('Passkey name (optional)').fill('Test laptop');
    await card.getByRole('button', { name: 'Create passkey' }).click();
    await card.getByText('Passkey added.').waitFor();
    await card.getByTestId('passkey').filter({ hasText: 'Test laptop' }).waitFor();
    expect(await card.getByTestId('passkey').textContent()).toContain('Not used yet');
    expect(await authenticator.credentials()).toHaveLength(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'account-passkeys.png'), fullPage: true });

    // The same authenticator again: the API's excludeCredentials makes the browser refuse it.
    await card.getByRole('button', { name: 'Add a passkey' }).click();
    await card.getByRole('button', { name: 'Create passkey' }).click();
    await card.locator('.notice-error').filter({ hasText: 'This passkey is already registered' }).waitFor();
    expect(await authenticator.credentials()).toHaveLength(1);
    await card.getByRole('button', { name: 'Cancel' }).click();

    // Autofill (conditional mediation): the virtual authenticator answers the email field's
    // pending request at once, as a person picking the passkey from the suggestions would.
    await page.getByRole('button', { name: 'Log out', exact: true }).click();
    await expectAccountPage(page, email);
    await card.getByTestId('passkey').filter({ hasText: 'Last used just now' }).waitFor();

    // The button, in a browser without autofill, holding the same (synced) passkey.
    const other = await browserWithoutAutofill();
    const synced = await withVirtualAuthenticator(other);
    await synced.add((await authenticator.credentials())[0]!);
    await other.goto('/login');
    expect(await other.getByLabel('Email').getAttribute('autocomplete')).toBe('email webauthn');
    await other.screenshot({ path: path.join(ARTIFACTS, 'login-passkey.png') });
    await other.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expectAccountPage(other, email);

    await passkeysCard(other).getByRole('button', { name: 'Remove Test laptop' }).click();
    await passkeysCard(other).getByTestId('passkey-count').filter({ hasText: '0 passkeys' }).waitFor();
    await other.getByRole('button', { name: 'Log out', exact: true }).click();
    await other.waitForURL((url) => url.pathname === '/login');
    // The authenticator still holds the credential; the API no longer knows it.
    const refused = responseTo(other, 'FinishPasskeyLogin');
    await other.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await other.locator('.notice-error').filter({ hasText: "This passkey isn't registered here." }).waitFor();
    // guards: issue 18 — a refused passkey has a code of its own, never the expired-token UNAUTHENTICATED.
    expect(errorCode(await (await refused).json())).toBe('PASSKEY_REFUSED');
    expect(new URL(other.url()).pathname).toBe('/login');
  });
});
