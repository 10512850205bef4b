/**
 * The e2e project's jest globalSetup: starts the stack once for every browser test file (one
 * `next build` instead of one per file) and hands its addresses to the files in E2E_STACK. Jest
 * starts its workers after this has run, so they inherit the variable; `globalTeardown.ts` stops it.
 */
import { serveMailbox } from './mailboxServer';
import { STACK_ENV } from './settings';
import type { StackAddresses } from './settings';
import { startStack } from './startStack';

/** Setup and teardown run in the same process; jest loads each module anew, so the handle lives here. */
export interface RunningStack {
  stop(): Promise<void>;
}
export const RUNNING = Symbol.for('e2e.runningStack');

export default async function globalSetup(): Promise<void> {
  const stack = await startStack();
  try {
    const inbox = await serveMailbox(stack.mailbox);
    const addresses: StackAddresses = { webUrl: stack.webUrl, apiUrl: stack.apiUrl, inboxUrl: inbox.url };
    process.env[STACK_ENV] = JSON.stringify(addresses);
    const running: RunningStack = {
      stop: async () => {
        await inbox.close();
        await stack.stop();
      },
    };
    (globalThis as Record<symbol, unknown>)[RUNNING] = running;
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
