import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import type { TypedDocumentNode } from '@apollo/client';
import { ServerError } from '@apollo/client/errors';
import { parse } from 'graphql';
import { Observable } from 'rxjs';
import { createRetryTransientLink } from '../retryTransient';

// parse(), not graphql(): these test documents stay out of the generated client types.
const Me: TypedDocumentNode<{ me: { id: string } }> = parse('query Me { me { id } }');
const Logout = parse('mutation Logout { logout }');

/** An API behind a proxy that fails the first `failures` requests with a 502. */
function flakyClient(failures: number) {
  const calls = { count: 0 };
  const api = new ApolloLink(
    () =>
      new Observable((observer) => {
        calls.count++;
        if (calls.count <= failures) {
          const response = new Response('Bad Gateway', { status: 502 });
          observer.error(new ServerError('Bad Gateway', { response, bodyText: 'Bad Gateway' }));
          return;
        }
        observer.next({ data: { me: { __typename: 'User', id: 'u1' }, logout: true } });
        observer.complete();
      }),
  );
  const client = new ApolloClient({
    link: ApolloLink.from([createRetryTransientLink(), api]),
    cache: new InMemoryCache(),
  });
  return { client, calls };
}

describe('retrying transient failures', () => {
  it('retries a query that a proxy failed with a 5xx', async () => {
    const { client, calls } = flakyClient(1);

    const { data } = await client.query({ query: Me });

    expect(data?.me.id).toBe('u1');
    expect(calls.count).toBe(2);
  });

  it('gives up after three attempts', async () => {
    const { client, calls } = flakyClient(10);

    const error: unknown = await client.query({ query: Me }).catch((caught: unknown) => caught);

    expect(ServerError.is(error)).toBe(true);
    expect(calls.count).toBe(3);
  });

  it('never repeats a mutation', async () => {
    const { client, calls } = flakyClient(1);

    const error: unknown = await client.mutate({ mutation: Logout }).catch((caught: unknown) => caught);

    expect(ServerError.is(error)).toBe(true);
    expect(calls.count).toBe(1);
  });
});
