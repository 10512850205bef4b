import { useMutation, useQuery } from '@apollo/client/react';
import { graphql } from '../../__generated__';
import type { SessionsQuery as SessionsResult } from '../../__generated__/graphql';
import { useAction } from '../useAction';
import { CardPlaceholder } from './CardPlaceholder';
import { deviceLabel, formatDateTime, timeAgo } from './format';

const SessionsQuery = graphql(`
  query Sessions {
    sessions {
      id
      createdAt
      lastUsedAt
      expiresAt
      userAgent
      ipAddress
      current
    }
  }
`);

const RevokeSessionMutation = graphql(`
  mutation RevokeSession($id: ID!) {
    revokeSession(id: $id)
  }
`);

type Session = SessionsResult['sessions'][number];

export function SessionsCard() {
  const { data, error } = useQuery(SessionsQuery);
  const sessions = data?.sessions;
  return (
    <section className="card" aria-labelledby="sessions-title">
      <div className="card-heading">
        <h2 id="sessions-title">Where you’re signed in</h2>
        {sessions && (
          <span className="count" data-testid="session-count">
            {sessions.length} {sessions.length === 1 ? 'session' : 'sessions'}
          </span>
        )}
      </div>
      <p className="muted">Revoke any session you don’t recognise. It is signed out on its next request.</p>
      <CardPlaceholder loaded={Boolean(sessions)} error={error} />
      {sessions && (
        <ul className="session-list" data-testid="sessions">
          {thisDeviceFirst(sessions).map((session) => (
            <SessionRow key={session.id} session={session} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** This device on top; the rest in the API's order, most recently used first. */
function thisDeviceFirst(sessions: readonly Session[]): Session[] {
  return [...sessions].sort((a, b) => Number(b.current) - Number(a.current));
}

function SessionRow({ session }: { session: Session }) {
  const [revokeSession] = useMutation(RevokeSessionMutation, {
    variables: { id: session.id },
    refetchQueries: [SessionsQuery],
    awaitRefetchQueries: true,
  });
  const revoke = useAction('other', async () => {
    await revokeSession();
  });

  return (
    <li className="session" data-current={session.current || undefined}>
      <span className="session-icon" aria-hidden="true" />
      <div className="session-body">
        <p className="session-device" title={session.userAgent ?? undefined}>
          {deviceLabel(session.userAgent)}
          {session.current && <span className="badge">This device</span>}
        </p>
        <p className="session-meta">
          <span>{session.ipAddress ?? 'Unknown IP'}</span>
          <span aria-hidden="true">·</span>
          <span>Last active {timeAgo(session.lastUsedAt)}</span>
          <span aria-hidden="true">·</span>
          <span>Signed in {formatDateTime(session.createdAt)}</span>
        </p>
        {revoke.error && (
          <p className="field-error" role="alert">
            {revoke.error}
          </p>
        )}
      </div>
      {!session.current && (
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => revoke.run()}
          disabled={revoke.pending}
        >
          {revoke.pending ? 'Revoking…' : 'Revoke'}
        </button>
      )}
    </li>
  );
}
