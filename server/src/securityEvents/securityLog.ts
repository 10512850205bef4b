// The security activity of accounts: one `record` call per event, from the service
// that decides the event happened. It never fails or slows the operation it
// records: the log line is written at once, the document and any mail after the
// response, and an error there is logged, not thrown (ASVS 5.0 V16.3.1, V16.4).
// - Every event is a structured log line with type, user, session, request id and
//   client address (never a secret), so operators can alert on REFRESH_TOKEN_REUSE
//   and failed logins and follow them to their requests (ASVS 5.0 V16.2.1). A failed
//   login for an address with no account names it by its HMAC (logger.ts).
// - Some events are mailed to the owner, saying what, when, from which device and
//   address, and what to do (ASVS 5.0 V6.3.5, V6.3.7): MAILED below; only to a
//   confirmed address, and a bounded number an hour (mail/notices.ts).
import type { Types } from 'mongoose';
import { createBackground } from '../background';
import type { Clock } from '../clock';
import type { Logger, LogPseudonyms } from '../logger';
import type { NoticeGate } from '../mail/notices';
import type { Outbox } from '../mail/outbox';
import { templates } from '../mail/templates';
import type { MailKind, Notice } from '../mail/templates';
import type { ClientInfo } from '../security/clientInfo';
import type { UserService } from '../users/userService';
import { createEventStore } from './eventStore';
import { SecurityEventType } from './securityEventModel';
import type { SecurityEventModel } from './securityEventModel';

export interface SecurityEventInput {
  userId: Types.ObjectId;
  client: ClientInfo;
  sessionId?: string;
  /** LOGIN_SUCCEEDED only: the browser presented no device cookie of this account. */
  newDevice?: boolean;
  /** PASSWORD_RESET only: the reset removed sign-in methods added before the address was confirmed. */
  signInMethodsRemoved?: boolean;
}

/** Which events mail their owner, with which notice (the texts: mail/templates.ts). */
const MAILED: Partial<Record<SecurityEventType, { kind: MailKind; mail: Notice }>> = {
  PASSWORD_CHANGED: { kind: 'password_changed', mail: templates.passwordChanged },
  PASSWORD_RESET: { kind: 'password_changed', mail: templates.passwordChanged },
  REFRESH_TOKEN_REUSE: { kind: 'refresh_token_reuse', mail: templates.refreshTokenReuse },
  MFA_ENABLED: { kind: 'mfa_changed', mail: templates.mfaEnabled },
  MFA_DISABLED: { kind: 'mfa_changed', mail: templates.mfaDisabled },
  RECOVERY_CODE_USED: { kind: 'mfa_changed', mail: templates.recoveryCodeUsed },
  RECOVERY_CODES_REGENERATED: { kind: 'mfa_changed', mail: templates.recoveryCodesRegenerated },
  PASSKEY_ADDED: { kind: 'passkey_changed', mail: templates.passkeyAdded },
  PASSKEY_REMOVED: { kind: 'passkey_changed', mail: templates.passkeyRemoved },
  SECOND_FACTOR_FAILED: { kind: 'second_factor_guessing', mail: templates.secondFactorFailed },
  SIGN_IN_BLOCKED: { kind: 'second_factor_guessing', mail: templates.signInBlocked },
};
const NEW_DEVICE = { kind: 'new_device_sign_in', mail: templates.newDeviceSignIn } as const;
const RESET_REMOVED_METHODS = { kind: 'password_changed', mail: templates.passwordResetRemovedMethods } as const;

/** Events an operator should look at soon. */
const ALERTING: ReadonlySet<SecurityEventType> = new Set([
  SecurityEventType.REFRESH_TOKEN_REUSE,
  SecurityEventType.LOGIN_FAILED,
  SecurityEventType.SECOND_FACTOR_FAILED,
  SecurityEventType.SIGN_IN_BLOCKED,
]);

interface Deps {
  SecurityEvent: SecurityEventModel;
  users: Pick<UserService, 'byId'>;
  outbox: Outbox;
  notices: NoticeGate;
  logger: Logger;
  pseudonyms: LogPseudonyms;
  retentionMs: number;
  clock: Clock;
}

export function createSecurityLog({
  SecurityEvent,
  users,
  outbox,
  notices,
  logger,
  pseudonyms,
  retentionMs,
  clock,
}: Deps) {
  const background = createBackground();
  const events = createEventStore({ SecurityEvent, retentionMs, clock });

  function store(type: SecurityEventType, event: SecurityEventInput, at: Date): void {
    const write = events
      .write({
        userId: event.userId,
        type,
        at,
        ipAddress: event.client.ipAddress,
        userAgent: event.client.userAgent,
        ...(event.sessionId ? { sessionId: event.sessionId } : {}),
        expiresAt: new Date(at.getTime() + retentionMs),
      })
      .catch((error: unknown) => logger.error({ err: error, type }, 'security event not recorded'));
    background.track(write);
  }

  function mail(type: SecurityEventType, event: SecurityEventInput, at: Date): void {
    const notice = event.newDevice ? NEW_DEVICE : event.signInMethodsRemoved ? RESET_REMOVED_METHODS : MAILED[type];
    if (!notice) return;
    outbox.post(notice.kind, async () => {
      const user = await users.byId(event.userId);
      if (!user || !(await notices.allows(user, notice.kind))) return null;
      return notice.mail(user.email, at, event.client);
    });
  }

  /** The line of an event: who, which request, from where. */
  const lineOf = (type: SecurityEventType, client: ClientInfo) => ({
    event: 'security_event',
    type,
    requestId: client.requestId,
    ip: pseudonyms.address(client.ipAddress),
  });

  /**
   * Records `type` for `event.userId`, at `at` when the caller's operation has its instant, else now.
   * Never throws, never waits for the database.
   */
  function record(type: SecurityEventType, event: SecurityEventInput, at = clock.now()): void {
    try {
      const line = { ...lineOf(type, event.client), userId: event.userId.toHexString(), sessionId: event.sessionId };
      if (ALERTING.has(type)) logger.warn(line, 'security event');
      else logger.info(line, 'security event');
      store(type, event, at);
      mail(type, event, at);
    } catch (error) {
      logger.error({ err: error, type }, 'security event not recorded');
    }
  }

  /** A wrong password for an address with no account: a log line only (no account to store it for). */
  function loginFailedForUnknownAddress(email: string, client: ClientInfo): void {
    logger.warn(
      { ...lineOf(SecurityEventType.LOGIN_FAILED, client), emailHash: pseudonyms.email(email) },
      'security event',
    );
  }

  return { record, loginFailedForUnknownAddress, listOwn: events.listOwn, drain: background.drain };
}

export type SecurityLog = ReturnType<typeof createSecurityLog>;
export { SecurityEventType };
