/** What a page sends and receives over /graphql, as the tests observe it. */
import type { Page, Response } from 'playwright-core';

/** Counts `refreshToken` requests that went over the network from this page. */
export function countRefreshes(page: Page) {
  const counter = { count: 0 };
  page.on('request', (request) => {
    if (request.postData()?.includes('refreshToken')) counter.count++;
  });
  return counter;
}

/** GraphQL operation names this page sends. */
export function recordOperations(page: Page): string[] {
  const names: string[] = [];
  page.on('request', (request) => {
    const body = request.postData();
    if (!request.url().endsWith('/graphql') || !body) return;
    const { operationName } = JSON.parse(body) as { operationName?: string };
    if (operationName) names.push(operationName);
  });
  return names;
}

function isOperation(response: Response, operationName: string): boolean {
  return response.request().postData()?.includes(`"operationName":"${operationName}"`) ?? false;
}

/** Resolves when the named operation has been answered, successfully or not. */
export function responseTo(page: Page, operationName: string) {
  return page.waitForResponse((response) => isOperation(response, operationName));
}

/** Resolves when the named operation has been answered with data and no errors. */
export function dataFor(page: Page, operationName: string) {
  return page.waitForResponse(async (response) => {
    if (!isOperation(response, operationName)) return false;
    const body = (await response.json().catch(() => null)) as { data?: unknown; errors?: unknown } | null;
    return Boolean(body?.data) && !body?.errors;
  });
}

/** The `extensions.code` of a GraphQL answer's first error. */
export function errorCode(body: unknown): string | undefined {
  return (body as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;
}
