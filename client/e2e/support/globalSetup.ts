/**
 * The e2e project's jest globalSetup: starts the stack once for every browser test file (one
 * `next build` instead of one per file) and hands its addresses to the files in E2E_STACK. Jest
 * starts its workers after this has run, so they inherit the variable; `globalTeardown.ts` stops it.
 */
import { serveMailbox } from './mailboxServer';
import { STACK_ENV } from './settings';
import type { StackAddresses, StackHandover } from './settings';
import { startStack } from './startStack';

/** Setup and teardown run in the same process; jest loads each module anew, so the handle lives here. */
export interface RunningStack {
  stop(): Promise<void>;
}
export const RUNNING = Symbol.for('e2e.runningStack');

export default async function globalSetup(): Promise<void> {
  let handover: StackHandover;
  try {
    handover = await start();
  } catch (error) {
    // Not thrown: that would end the whole `npm test` run, server and client tests included.
    // Each browser test file fails with it instead.
    handover = { error: error instanceof Error ? error.message : String(error) };
  }
  process.env[STACK_ENV] = JSON.stringify(handover);
}

async function start(): Promise<StackAddresses> {
  const stack = await startStack();
  try {
    const inbox = await serveMailbox(stack.mailbox);
    const running: RunningStack = {
      stop: async () => {
        await inbox.close();
        await stack.stop();
      },
    };
    (globalThis as Record<symbol, unknown>)[RUNNING] = running;
    return { webUrl: stack.webUrl, apiUrl: stack.apiUrl, inboxUrl: inbox.url };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
