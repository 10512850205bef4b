import { useQuery } from '@apollo/client/react';
import { graphql } from '../../__generated__';
import type { SecurityActivityQuery as SecurityActivityResult } from '../../__generated__/graphql';
import { CardPlaceholder } from './CardPlaceholder';
import { deviceLabel, formatDateTime, timeAgo } from './format';
import { eventLabel, isWarning } from './securityEvents';

// The account page's Refresh button refetches every active query, this one too.
const SecurityActivityQuery = graphql(`
  query SecurityActivity {
    securityEvents(first: 10) {
      id
      type
      at
      ipAddress
      userAgent
      count
    }
  }
`);

type SecurityEvent = SecurityActivityResult['securityEvents'][number];

export function SecurityActivityCard() {
  const { data, error } = useQuery(SecurityActivityQuery);
  const events = data?.securityEvents;
  return (
    <section className="card" aria-labelledby="activity-title">
      <h2 id="activity-title">Recent security activity</h2>
      <p className="muted">
        Sign-ins, wrong passwords and changes to your account, newest first. Something you don’t recognise? Change your
        password and sign out everywhere.
      </p>
      <CardPlaceholder loaded={Boolean(events)} error={error} />
      {events?.length === 0 && (
        <p className="activity-empty muted" data-testid="security-events-empty">
          No activity yet
        </p>
      )}
      {events && events.length > 0 && (
        <ol className="session-list" data-testid="security-events">
          {events.map((event) => (
            <EventRow key={event.id} event={event} />
          ))}
        </ol>
      )}
    </section>
  );
}

function EventRow({ event }: { event: SecurityEvent }) {
  const warning = isWarning(event.type);
  return (
    <li className="session activity" data-type={event.type} data-warning={warning || undefined}>
      <span className="activity-icon" aria-hidden="true" />
      <div className="session-body">
        <p className="session-device">
          <span className="activity-type">{eventLabel(event.type, event.count)}</span>
          {warning && <span className="badge badge-danger">Check this</span>}
        </p>
        <p className="session-meta">
          <span className="activity-device" title={event.userAgent ?? undefined}>
            {deviceLabel(event.userAgent)}
          </span>
          <span aria-hidden="true">·</span>
          <span className="activity-address">
            {event.ipAddress ?? (event.count > 1 ? 'Several addresses' : 'Unknown IP')}
          </span>
          <span aria-hidden="true">·</span>
          <time dateTime={event.at} title={formatDateTime(event.at)}>
            {timeAgo(event.at)}
          </time>
        </p>
      </div>
    </li>
  );
}
