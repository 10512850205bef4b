// A real SMTP listener inside the calling process (smtp-server), with every message
// parsed (mailparser): the inbox tests read links from, as a person would, and the
// sink the benchmark points the API at. It can refuse or hold deliveries, to show
// that a failing or stalled mail server never fails or slows a request.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailbox {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  received: ReceivedMail[];
  /** Resolves with the first message (already received or still to come) that `match` accepts. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Answer the next `count` deliveries with a temporary failure (451). */
  refuseNext(count: number): void;
  /** Hold every delivery until `release()`: the SMTP server is stalled. */
  hold(): void;
  release(): void;
  /** Deliveries attempted, refused ones included. */
  attempts(): number;
  /** SMTP connections opened to the listener (a pooled sender reuses a few). */
  connections(): number;
  close(): Promise<void>;
}

/** The link in a message's text that starts with `prefix` (an APP_URL path), with its token. */
export function linkIn(mail: ReceivedMail, prefix: string): { url: string; token: string } {
  const url = mail.text.split(/\s+/).find((word) => word.startsWith(prefix));
  if (!url) throw new Error(`no link to ${prefix} in "${mail.subject}":\n${mail.text}`);
  return { url, token: new URL(url).searchParams.get('token') ?? '' };
}

export async function startMailbox(): Promise<Mailbox> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let refuse = 0;
  let attempts = 0;
  let connections = 0;
  let gate: Promise<void> | null = null;
  let openGate = () => undefined as void;

  const server = new SMTPServer({
    // Plain SMTP on loopback, as a development catcher speaks it.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onConnect(_session, callback) {
      connections++;
      callback();
    },
    onData(stream, _session, callback) {
      attempts++;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        void (async () => {
          if (gate) await gate;
          if (refuse > 0) {
            refuse--;
            const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
            return callback(error);
          }
          const parsed = await simpleParser(Buffer.concat(chunks));
          const to = [parsed.to ?? []].flat().flatMap((address) => address.value.map((v) => v.address ?? ''));
          received.push({
            to,
            from: parsed.from?.value[0]?.address ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          });
          for (const wake of [...waiters]) wake();
          callback();
        })();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const subjects = received.map((m) => `${m.to.join(',')}: ${m.subject}`).join('; ') || 'none';
          reject(new Error(`no matching mail within ${timeoutMs} ms (received: ${subjects})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    refuseNext(count) {
      refuse += count;
    },
    hold() {
      gate ??= new Promise<void>((resolve) => (openGate = resolve));
    },
    release() {
      openGate();
      gate = null;
    },
    attempts: () => attempts,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
