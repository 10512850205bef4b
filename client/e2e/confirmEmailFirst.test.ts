/**
 * guards: issue 19 §1 — passkeys and two-factor wait for a confirmed address (the API answers
 * EMAIL_NOT_VERIFIED), so on an unconfirmed account their cards say so, with the resend button,
 * instead of starting a setup the API would refuse.
 */
import type { Page } from 'playwright-core';
import type { ReceivedMail } from '../../scripts/lib/mailbox';
import { confirmEmail, registeredPage } from './support/account';
import { setUpBrowser } from './support/browser';
import { stack } from './support/stack';

setUpBrowser();

const CONFIRM_FIRST = 'Confirm your email address first';

describe('an account whose address is not confirmed yet', () => {
  const twoFactorCard = (page: Page) => page.getByRole('region', { name: 'Two-factor authentication' });
  const passkeysCard = (page: Page) => page.getByRole('region', { name: 'Passkeys' });

  it('asks to confirm the address in the two-factor and passkey cards, resends the link from there, then offers both', async () => {
    const { page, email } = await registeredPage();

    for (const card of [twoFactorCard(page), passkeysCard(page)]) {
      await card.getByText(CONFIRM_FIRST).waitFor();
      await card.getByRole('button', { name: 'Resend verification email' }).waitFor();
    }
    expect(await twoFactorCard(page).getByRole('button', { name: 'Set up' }).count()).toBe(0);
    expect(await passkeysCard(page).getByRole('button', { name: 'Add a passkey' }).count()).toBe(0);

    const isVerification = (m: ReceivedMail) => m.to.includes(email) && m.subject === 'Confirm your email address';
    await stack.mailbox.waitFor(isVerification); // the one mailed at sign-up
    const before = (await stack.mailbox.received()).filter(isVerification).length;
    await passkeysCard(page).getByRole('button', { name: 'Resend verification email' }).click();
    await passkeysCard(page).getByText('Sent. Check your inbox for the new link.').waitFor();
    await stack.mailbox.waitForCount(isVerification, before + 1);

    await confirmEmail(page, email);
    await twoFactorCard(page).getByRole('button', { name: 'Set up' }).waitFor();
    await passkeysCard(page).getByRole('button', { name: 'Add a passkey' }).waitFor();
    expect(await page.getByText(CONFIRM_FIRST).count()).toBe(0);
  });
});
