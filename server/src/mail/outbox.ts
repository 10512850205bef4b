// Mail leaves off the request path: `post` returns at once, and a slow or failing
// SMTP server never fails or slows the request that asked for a message. Each
// message is composed (which may read the database and issue a token) and then
// delivered, with retries after MAIL_RETRY_DELAY, ×4, ×16. Failures are logged
// by kind, never with the message (it may hold a token) or its address.
//
// The queue is in memory on purpose: a message with a reset link holds the token
// in clear, and the database holds only its hash. A crash loses what was queued;
// the user asks again. `drain` lets a graceful shutdown finish what it can.
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { createBackground } from '../background';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Mail, MailKind } from './templates';

export interface Outbox {
  /** Composes and delivers a message off the request path; `compose` may answer null (send nothing). */
  post(kind: MailKind, compose: () => Promise<Mail | null>): void;
  /** Resolves once every posted message is delivered or given up, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<void>;
}

/** Where a composed message goes: SMTP, or (development without SMTP_URL) the log. */
export type Deliver = (mail: Mail) => Promise<void>;

const RETRIES = 3;
/** Fail a stalled SMTP server within seconds, not minutes (nodemailer's defaults are 2 and 10 minutes). */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

export function smtpDelivery(config: Config['mail'] & { smtpUrl: string }): { deliver: Deliver; close(): void } {
  const transport: Transporter = nodemailer.createTransport(config.smtpUrl, { from: config.from, ...SMTP_TIMEOUTS });
  return {
    deliver: async (mail) => {
      await transport.sendMail(mail);
    },
    close: () => transport.close(),
  };
}

/**
 * No SMTP server configured. Development logs each message's subject and link, so
 * `npm run api` alone is usable; tests that read mail start an SMTP listener instead.
 */
export function logDelivery(logger: Logger, nodeEnv: Config['nodeEnv']): Deliver {
  return async (mail) => {
    if (nodeEnv !== 'development') return;
    const link = /https?:\/\/\S+/.exec(mail.text)?.[0];
    logger.info({ to: mail.to, subject: mail.subject, link }, 'mail not sent (no SMTP_URL): its link is here');
  };
}

export function createOutbox({
  deliver,
  retryDelayMs,
  logger,
}: {
  deliver: Deliver;
  retryDelayMs: number;
  logger: Logger;
}): Outbox {
  const background = createBackground();

  async function send(kind: MailKind, compose: () => Promise<Mail | null>): Promise<void> {
    const mail = await compose();
    if (!mail) return;
    for (let attempt = 0; ; attempt++) {
      try {
        await deliver(mail);
        logger.info({ mail: kind }, 'mail sent');
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        if (attempt >= RETRIES) {
          logger.error({ mail: kind, attempts: attempt + 1, reason }, 'mail not delivered; giving up');
          return;
        }
        logger.warn({ mail: kind, attempt: attempt + 1, reason }, 'mail delivery failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 4 ** attempt).unref());
      }
    }
  }

  return {
    post(kind, compose) {
      // setImmediate: not even composing runs before the response is on its way.
      background.track(
        new Promise<void>((resolve) => setImmediate(resolve))
          .then(() => send(kind, compose))
          .catch((error: unknown) => logger.error({ mail: kind, err: error }, 'mail could not be composed')),
      );
    },
    drain: background.drain,
  };
}
