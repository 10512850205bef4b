/** A new password the API refused (BAD_USER_INPUT naming the field), as the answer and the page show it. */
import type { Page, Response } from 'playwright-core';

export interface Refusal {
  message: string;
  extensions: { code: string; field: string; reason?: string };
}

/** The one error of a GraphQL answer. */
export async function refusalIn(response: Response): Promise<Refusal> {
  const { errors } = (await response.json()) as { errors?: Refusal[] };
  expect(errors).toHaveLength(1);
  return (errors ?? [])[0] as Refusal;
}

/** The refusal is shown under the field labelled `label` (and named by its `aria-describedby`), not above the form. */
export async function expectShownUnder(page: Page, label: string, refusal: Refusal) {
  const field = page.getByLabel(label, { exact: true });
  const shown = page.locator(`#field-${refusal.extensions.field}-error`);
  await shown.waitFor();
  expect(await shown.getAttribute('role')).toBe('alert');
  expect(await shown.textContent()).toBe(refusal.message);
  expect((await field.getAttribute('aria-describedby'))?.split(' ')).toContain(await shown.getAttribute('id'));
  expect(await field.getAttribute('aria-invalid')).toBe('true');
  // Once, beside the field: not again above the form.
  expect(await page.locator('.notice-error').count()).toBe(0);
}
