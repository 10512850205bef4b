// Mail leaves off the request path: `post` returns at once, and a slow or failing
// SMTP server never fails or slows the request that asked for a message. Each
// message is composed (which may read the database and issue a token) and then
// delivered, with retries after MAIL_RETRY_DELAY, ×4, ×16. Failures are logged
// by kind, never with the message (it may hold a token) or its address.
//
// The queue is in memory on purpose: a message with a reset link holds the token
// in clear, and the database holds only its hash. A crash loses what was queued;
// the user asks again. `drain` lets a graceful shutdown finish what it can. It is
// bounded (MAIL_QUEUE_MAX): past it a message is dropped and logged, so a flood of
// requests while the SMTP server is slow costs no unbounded memory (ASVS 5.0 V2.4.1).
// SMTP connections are pooled: a burst reuses a few connections instead of one each.
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
/**
 * Transport options, set in the URL: nodemailer reads a URL's options from the URL alone (the
 * second argument of createTransport is message defaults). Fail a stalled SMTP server within
 * seconds, not minutes (nodemailer's defaults are 2 and 10 minutes); pool at most 5 connections.
 */
const TRANSPORT_OPTIONS = {
  pool: 'true',
  maxConnections: '5',
  connectionTimeout: '10000',
  greetingTimeout: '10000',
  socketTimeout: '20000',
};

/** SMTP_URL with our transport options (an option the operator set in SMTP_URL wins). */
export function transportUrl(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const [name, value] of Object.entries(TRANSPORT_OPTIONS)) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, value);
  }
  return url.toString();
}

export function smtpDelivery(config: Config['mail'] & { smtpUrl: string }): { deliver: Deliver; close(): void } {
  const transport: Transporter = nodemailer.createTransport(transportUrl(config.smtpUrl), { from: config.from });
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
  maxQueued,
  logger,
}: {
  deliver: Deliver;
  retryDelayMs: number;
  /** Messages posted and not yet delivered or given up; more are dropped. */
  maxQueued: number;
  logger: Logger;
}): Outbox {
  const background = createBackground();
  let queued = 0;

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
      if (queued >= maxQueued) {
        logger.error({ mail: kind, queued }, 'mail dropped: the outbox is full');
        return;
      }
      queued++;
      // setImmediate: not even composing runs before the response is on its way.
      background.track(
        new Promise<void>((resolve) => setImmediate(resolve))
          .then(() => send(kind, compose))
          .catch((error: unknown) => logger.error({ mail: kind, err: error }, 'mail could not be composed'))
          .finally(() => queued--),
      );
    },
    drain: background.drain,
  };
}
