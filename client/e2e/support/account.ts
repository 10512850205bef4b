/** Signing up and in through the web app's forms, as a person would. */
import { randomBytes } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { linkIn } from '../../../scripts/lib/mailbox';
import { newContext } from './browser';
import { stack } from './stack';

export const PASSWORD = 'correct horse battery staple';

/** An address no other test (in this file or another worker's) uses. */
export const newEmail = () => `e2e-${randomBytes(5).toString('hex')}@example.com`;

export async function expectAccountPage(page: Page, email: string) {
  await page.getByTestId('me-email').filter({ hasText: email }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/');
}

export async function register(page: Page, email = newEmail()): Promise<string> {
  await page.goto('/register');
  await fillRegister(page, email);
  await expectAccountPage(page, email);
  return email;
}

export async function fillRegister(page: Page, email: string) {
  await page.getByLabel('Name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}

export async function logIn(page: Page, email: string, password = PASSWORD) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** A new browser signed in to a new account, on its account page. */
export async function registeredPage() {
  const context = await newContext();
  const page = await context.newPage();
  const email = await register(page);
  return { context, page, email };
}

/** Confirms the address of the account `page` is signed in to, from the link mailed at sign-up. */
export async function confirmEmail(page: Page, email: string) {
  const mail = await stack.mailbox.waitFor((m) => m.to.includes(email) && m.subject === 'Confirm your email address');
  await page.goto(linkIn(mail, `${stack.webUrl}/verify-email?`).url);
  await page.getByRole('button', { name: 'Confirm email address', disabled: false }).click();
  await page.getByRole('link', { name: 'Go to your account' }).click();
  await expectAccountPage(page, email);
}

/** A new browser signed in to a new account whose address is confirmed (passkeys and two-factor need one). */
export async function confirmedPage() {
  const registered = await registeredPage();
  await confirmEmail(registered.page, registered.email);
  return registered;
}

/**
 * Presses the account page's Refresh button until `shown` is visible; each wait is Playwright's.
 * (The API writes a security event after its response, so the card may lag the action.)
 */
export async function refreshUntil(page: Page, shown: Locator, attempts = 10) {
  for (let attempt = 1; ; attempt++) {
    await page.getByRole('button', { name: 'Refresh', exact: true, disabled: false }).click();
    await page.getByRole('button', { name: 'Refresh', exact: true, disabled: false }).waitFor();
    try {
      await shown.waitFor({ timeout: 1_000 });
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}
