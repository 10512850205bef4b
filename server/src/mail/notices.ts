// Who may be sent a notice: the mail the API writes on its own initiative about an
// account's security events (mail/templates.ts, sent by securityLog.ts). Anyone can
// register any address, so a notice could be aimed at a stranger's inbox:
// - an unconfirmed address gets none, only its verification mail and the reset links it
//   asks for (recoveryService.ts), which are the owner's way in;
// - any address gets at most MAIL_MAX_PER_RECIPIENT notices an hour, counted by the
//   database-backed limiter so that every instance shares the count (ASVS 5.0 V2.4.1,
//   OWASP Denial of Service cheat sheet). The rest are dropped and logged, the address
//   as its keyed hash only.
import { RateLimitedError } from '../errors';
import type { Logger } from '../logger';
import type { RateLimiter } from '../security/rateLimiter';
import { isEmailVerified } from '../users/userService';
import type { UserDocument } from '../users/userModel';
import type { MailKind } from './templates';

const HOUR = 3_600_000;

export interface NoticeGate {
  /** True when `user` may be sent a notice of `kind` now; counts it. Logs why not. */
  allows(user: Pick<UserDocument, '_id' | 'email' | 'emailVerifiedAt'>, kind: MailKind): Promise<boolean>;
}

export function createNoticeGate({
  limiter,
  maxPerRecipient,
  pseudonym,
  logger,
}: {
  limiter: Pick<RateLimiter, 'attempt'>;
  maxPerRecipient: number;
  /** The keyed hash an address is logged as. */
  pseudonym: (email: string) => string;
  logger: Logger;
}): NoticeGate {
  return {
    async allows(user, kind) {
      const line = { mail: kind, userId: user._id.toHexString() };
      if (!isEmailVerified(user)) {
        logger.info(line, 'notice not sent: address not confirmed');
        return false;
      }
      const rule = { key: `mail:recipient:${user.email}`, limit: maxPerRecipient, windowMs: HOUR, countsSuccess: true };
      try {
        await limiter.attempt([rule]);
        return true;
      } catch (error) {
        if (!(error instanceof RateLimitedError)) throw error;
        logger.warn({ ...line, recipient: pseudonym(user.email) }, 'notice dropped: too many to this address');
        return false;
      }
    },
  };
}
