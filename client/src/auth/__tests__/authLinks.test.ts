import type { TypedDocumentNode } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { parse } from 'graphql';
import { repositorySchema, mutationTypes } from '../../testing/schema';
import { COOKIE_SETTING_FIELDS, CREDENTIAL_FIELDS } from '../authLinks';
import { hasErrorCode } from '../errorCodes';
import { FakeBrowser, FakeClock, FakeRefreshServer, clientFor, newSession, refusal } from './fakes';

// parse(), not graphql(): these test documents stay out of the generated client types.
const Me: TypedDocumentNode<{ me: { id: string; email: string } }> = parse('query Me { me { id email } }');
const Login = parse('mutation Login { login(input: { email: "a@example.com", password: "wrong" }) { accessToken } }');

const ChangePassword = parse(
  'mutation ChangePassword { changePassword(input: { currentPassword: "old", newPassword: "a new one" }) { accessToken } }',
);
const changed = { data: { changePassword: { __typename: 'AuthPayload', accessToken: 'from-change' } } };

const FinishPasskeyRegistration = parse(
  'mutation FinishPasskeyRegistration { finishPasskeyRegistration(response: {}) { id } }',
);
const FinishPasskeyLogin = parse('mutation FinishPasskeyLogin { finishPasskeyLogin(response: {}) { accessToken } }');

const VerifyMfa = parse('mutation VerifyMfa { verifyMfa(input: { code: "123456" }) { accessToken } }');

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function signedInSetup(answers: Parameters<typeof clientFor>[2] = {}) {
  const clock = new FakeClock();
  const server = new FakeRefreshServer(clock);
  const session = newSession(clock, server, new FakeBrowser().tab());
  session.signIn(server.issue());
  const { client, sent } = clientFor(session, server, answers);
  return { clock, server, session, client, sent };
}

describe('the auth link', () => {
  it('sends the held access token as a Bearer header', async () => {
    const { client, sent } = await signedInSetup();

    await client.query({ query: Me });

    expect(sent).toEqual(['token-1']);
  });

  it('waits for the restore on page load before sending a request', async () => {
    const clock = new FakeClock();
    const server = new FakeRefreshServer(clock);
    const session = newSession(clock, server, new FakeBrowser().tab());
    const { client, sent } = clientFor(session, server);

    const restoring = session.restore();
    const { data } = await client.query({ query: Me });
    await restoring;

    expect(data?.me).toMatchObject({ id: 'u1' });
    expect(sent).toEqual(['token-1']);
  });
});

describe('refresh on UNAUTHENTICATED', () => {
  it('refreshes once and retries the operation with the new token', async () => {
    const { server, client, sent } = await signedInSetup();
    server.valid.delete('token-1'); // the server no longer accepts it

    const { data } = await client.query({ query: Me });

    expect(data?.me).toMatchObject({ id: 'u1' });
    expect(server.calls).toBe(1);
    expect(sent).toEqual(['token-1', 'token-2']);
  });

  it('makes N operations failing together share exactly one refresh', async () => {
    const { server, client } = await signedInSetup();
    server.valid.delete('token-1');

    const results = await Promise.all([1, 2, 3, 4, 5].map(() => client.query({ query: Me })));

    expect(results.every(({ data }) => data?.me.id === 'u1')).toBe(true);
    expect(server.calls).toBe(1);
  });

  it('retries only once: a refused fresh token is returned as the error, without another refresh', async () => {
    const { server, client } = await signedInSetup();
    server.valid.delete('token-1');
    server.honoursIssued = false;

    const failure = client.query({ query: Me });

    expect(CombinedGraphQLErrors.is(await failure.catch((error: unknown) => error))).toBe(true);
    expect(server.calls).toBe(1);
  });

  it('does not refresh for login, register or refreshToken themselves', async () => {
    const { server, client } = await signedInSetup();

    const failure = client.mutate({ mutation: Login });

    expect(CombinedGraphQLErrors.is(await failure.catch((error: unknown) => error))).toBe(true);
    expect(server.calls).toBe(0);
  });

  // guards: issue 14 — login's MFA_REQUIRED is the sign-in's second step, not an expired token.
  it('passes login’s MFA_REQUIRED through as the answer: no refresh, no retry, the session untouched', async () => {
    const { server, session, client, sent } = await signedInSetup({ Login: refusal('MFA_REQUIRED') });
    server.valid.delete('token-1'); // even with a stale token held, nothing is refreshed

    const error: unknown = await client.mutate({ mutation: Login }).catch((caught: unknown) => caught);

    expect(hasErrorCode(error, 'MFA_REQUIRED')).toBe(true);
    expect(server.calls).toBe(0);
    expect(sent).toEqual([null]); // sent once, without the bearer token
    expect(session.getState()).toMatchObject({ status: 'signedIn' });
  });

  // guards: issue 14 — verifyMfa's UNAUTHENTICATED means the pending sign-in expired.
  it('does not refresh or retry for verifyMfa’s UNAUTHENTICATED, even with a stale token held', async () => {
    const { server, session, client, sent } = await signedInSetup({ VerifyMfa: refusal('UNAUTHENTICATED') });
    server.valid.delete('token-1');

    const error: unknown = await client.mutate({ mutation: VerifyMfa }).catch((caught: unknown) => caught);

    expect(hasErrorCode(error, 'UNAUTHENTICATED')).toBe(true);
    expect(server.calls).toBe(0);
    expect(sent).toEqual([null]);
    expect(session.getState()).toMatchObject({ status: 'signedIn' });
  });

  // guards: issue 18 — a mutation still refused after its one refresh is not replayed again.
  it('replays a mutation refused with UNAUTHENTICATED once after a refresh, and never a second time', async () => {
    const { server, client, sent } = await signedInSetup({ FinishPasskeyRegistration: refusal('UNAUTHENTICATED') });

    const error: unknown = await client
      .mutate({ mutation: FinishPasskeyRegistration })
      .catch((caught: unknown) => caught);

    expect(hasErrorCode(error, 'UNAUTHENTICATED')).toBe(true);
    expect(server.calls).toBe(1);
    expect(sent).toEqual(['token-1', 'token-2']);
  });

  // guards: issue 18 — a refused passkey used to answer UNAUTHENTICATED, and was refreshed and replayed.
  it('neither refreshes nor replays a mutation refused with PASSKEY_REFUSED, even with a stale token held', async () => {
    const { server, session, client, sent } = await signedInSetup({
      FinishPasskeyRegistration: refusal('PASSKEY_REFUSED', 'This passkey is already registered'),
    });
    server.valid.delete('token-1');

    const error: unknown = await client
      .mutate({ mutation: FinishPasskeyRegistration })
      .catch((caught: unknown) => caught);

    expect(hasErrorCode(error, 'PASSKEY_REFUSED')).toBe(true);
    expect(server.calls).toBe(0);
    expect(sent).toEqual(['token-1']);
    expect(session.getState()).toMatchObject({ status: 'signedIn' });
  });

  it('sends finishPasskeyLogin once, without the access token, and passes its PASSKEY_REFUSED through', async () => {
    const { server, client, sent } = await signedInSetup({ FinishPasskeyLogin: refusal('PASSKEY_REFUSED') });

    const error: unknown = await client.mutate({ mutation: FinishPasskeyLogin }).catch((caught: unknown) => caught);

    expect(hasErrorCode(error, 'PASSKEY_REFUSED')).toBe(true);
    expect(server.calls).toBe(0);
    expect(sent).toEqual([null]);
  });

  it('signs out everywhere when the refresh is refused, and returns the original error', async () => {
    const { server, session, client } = await signedInSetup();
    server.valid.clear();
    server.revoked = true;

    const error: unknown = await client.query({ query: Me }).catch((caught: unknown) => caught);

    expect(CombinedGraphQLErrors.is(error)).toBe(true);

    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
    expect(server.calls).toBe(1);
  });
});

// A refresh beside a request that sets a new refresh cookie presents the old cookie, and its answer
// can clear or overwrite the new one: the device is signed out on its next refresh (seen in e2e).
describe('requests that set a new refresh cookie', () => {
  async function twoTabsWithClient() {
    const clock = new FakeClock();
    const server = new FakeRefreshServer(clock);
    const browser = new FakeBrowser();
    const session = newSession(clock, server, browser.tab());
    const otherTab = newSession(clock, server, browser.tab());
    session.signIn(server.issue());
    let open: () => void = () => undefined;
    const answersHeld = new Promise<void>((resolve) => (open = resolve));
    const { client } = clientFor(
      session,
      server,
      { ChangePassword: changed },
      { log: server.log, hold: () => answersHeld },
    );
    return { server, session, otherTab, client, answer: () => open() };
  }

  it('waits for a refresh already on the wire in another tab before it is sent', async () => {
    const { server, otherTab, client, answer } = await twoTabsWithClient();
    server.hold();
    const refreshing = otherTab.refresh();

    const changing = client.mutate({ mutation: ChangePassword });
    await flush();
    expect(server.log).toEqual(['refresh sent']);
    server.release();
    await refreshing;
    answer();
    await changing;

    expect(server.log).toEqual(['refresh sent', 'refresh answered', 'ChangePassword sent', 'ChangePassword answered']);
  });

  it('lets no refresh of this tab or another leave until its answer is in, then shares its token', async () => {
    const { server, session, otherTab, client, answer } = await twoTabsWithClient();

    const changing = client.mutate({ mutation: ChangePassword });
    await flush();
    expect(server.log).toEqual(['ChangePassword sent']);
    const refreshes = Promise.all([session.refresh(), otherTab.refresh()]);
    await flush();
    expect(server.log).toEqual(['ChangePassword sent']);
    answer();
    await changing;
    session.signIn({ ...server.issue(), accessToken: 'from-change' }); // as useSignInMutation does

    expect(await refreshes).toEqual(['from-change', 'from-change']);
    expect(server.log).toEqual(['ChangePassword sent', 'ChangePassword answered']);
  });

  it('leaves queries alone: they are sent while a refresh is on the wire', async () => {
    const { server, otherTab, client, answer } = await twoTabsWithClient();
    server.hold();
    const refreshing = otherTab.refresh();
    answer();

    await client.query({ query: Me });

    expect(server.log).toEqual(['refresh sent', 'Me sent', 'Me answered']);
    server.release();
    await refreshing;
  });
});

// guards: issue 18 — hand-kept lists that must match the schema.
describe('the operations the links single out, held to schema.graphql', () => {
  const mutations = mutationTypes(repositorySchema());

  it('keeps apart exactly the mutations that set the refresh cookie: those answering AuthPayload!, but refreshToken', () => {
    const signIns = [...mutations]
      .filter(([name, type]) => type === 'AuthPayload!' && name !== 'refreshToken')
      .map(([name]) => name);

    expect([...COOKIE_SETTING_FIELDS].sort()).toEqual(signIns.sort());
  });

  it('sends every one of them but changePassword as a credential operation, and names only mutations', () => {
    // changePassword is the one sign-in made by a signed-in user: it needs the access token.
    expect([...COOKIE_SETTING_FIELDS].filter((name) => !CREDENTIAL_FIELDS.has(name))).toEqual(['changePassword']);
    expect([...CREDENTIAL_FIELDS].filter((name) => !mutations.has(name))).toEqual([]);
  });
});
