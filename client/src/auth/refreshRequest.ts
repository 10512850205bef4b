/**
 * The `refreshToken` request. It goes out with plain fetch, outside the Apollo link chain, so a
 * refresh can never wait on or retry itself.
 */
import { print } from 'graphql';
import { graphql } from '../__generated__';
import type { AuthPayload } from './authPayloadFields';
import { ErrorCode } from './errorCodes';

export const RefreshTokenMutation = graphql(`
  mutation RefreshToken {
    refreshToken {
      ...AuthPayloadFields
    }
  }
`);

const body = JSON.stringify({ operationName: 'RefreshToken', query: print(RefreshTokenMutation) });

interface RefreshResponse {
  data?: { refreshToken?: AuthPayload } | null;
  errors?: { extensions?: { code?: unknown } }[];
}

const RETRY_DELAY_MS = 300;

/**
 * Resolves the new payload, null when the cookie is refused, and throws when the API cannot answer.
 * A failure in transit is tried once more: usually a proxy's stale keep-alive socket, which the
 * request never passed. Should the first attempt have reached the API after all, the second
 * presents the same cookie within the server's reuse interval and is answered, not punished.
 */
export async function requestRefresh(endpoint = '/graphql'): Promise<AuthPayload | null> {
  try {
    return await attempt(endpoint);
  } catch {
    await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    return attempt(endpoint);
  }
}

async function attempt(endpoint: string): Promise<AuthPayload | null> {
  const response = await fetch(endpoint, {
    method: 'POST',
    // same-origin: the HttpOnly refresh cookie rides along; Next rewrites /graphql to the API.
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body,
  });
  const result = (await response.json().catch(() => null)) as RefreshResponse | null;
  const payload = result?.data?.refreshToken;
  if (payload) return payload;
  if (result?.errors?.some((error) => error.extensions?.code === ErrorCode.UNAUTHENTICATED)) return null;
  throw new Error(`refreshToken failed with HTTP ${response.status}`);
}
