/**
 * What a browser test file sees of the stack that `globalSetup.ts` started once for the whole e2e
 * project: the web app's and the API's addresses, and the mail the API sent, read over HTTP from
 * the setup's SMTP listener (test files run in jest workers, other processes than the setup).
 */
import type { ReceivedMail } from '../../../scripts/lib/mailbox';
import { waitFor } from '../../../scripts/lib/processes';
import { STACK_ENV } from './settings';
import type { StackAddresses, StackHandover } from './settings';

export { ACCESS_TTL_MS, ARTIFACTS } from './settings';

export interface Inbox {
  /** Every message the API sent (reset and verification links), as an inbox would hold them. */
  received(): Promise<ReceivedMail[]>;
  /** The first message (already received or still to come) that `match` accepts. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** Every message `match` accepts, once there are at least `count`. */
  waitForCount(match: (mail: ReceivedMail) => boolean, count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
}

function addresses(): StackAddresses {
  const json = process.env[STACK_ENV];
  if (!json) throw new Error(`${STACK_ENV} is not set: run the browser tests with \`npm test -- client/e2e\``);
  const handover = JSON.parse(json) as StackHandover;
  if ('error' in handover) throw new Error(`The e2e stack did not start: ${handover.error}`);
  return handover;
}

function inboxAt(url: string): Inbox {
  const received = async () => (await (await fetch(url)).json()) as ReceivedMail[];
  const until = async <T>(found: (mail: ReceivedMail[]) => T | undefined, timeoutMs: number, what: string) => {
    try {
      return await waitFor(async () => found(await received()), timeoutMs, what);
    } catch (error) {
      const subjects = (await received()).map((m) => `${m.to.join(',')}: ${m.subject}`).join('; ') || 'none';
      throw new Error(`${(error as Error).message} (received: ${subjects})`, { cause: error });
    }
  };
  return {
    received,
    waitFor: (match, timeoutMs = 10_000) => until((mail) => mail.find(match), timeoutMs, 'a matching mail'),
    waitForCount: (match, count, timeoutMs = 10_000) =>
      until(
        (mail) => {
          const matching = mail.filter(match);
          return matching.length >= count ? matching : undefined;
        },
        timeoutMs,
        `${count} matching mails`,
      ),
  };
}

const { webUrl, apiUrl, inboxUrl } = addresses();

export const stack = { webUrl, apiUrl, mailbox: inboxAt(inboxUrl) };
