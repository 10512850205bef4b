import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { createAuthLinks } from '../auth/authLinks';
import type { AuthSession } from '../auth/authSession';
import { createRetryTransientLink } from './retryTransient';

export function createApolloClient(session: AuthSession): ApolloClient {
  // same-origin: the refresh cookie (Path=/graphql) goes with every request to this origin only.
  const http = new HttpLink({ uri: '/graphql', credentials: 'same-origin' });
  return new ApolloClient({
    link: ApolloLink.from([...createAuthLinks(session), createRetryTransientLink(), http]),
    cache: new InMemoryCache(),
  });
}
