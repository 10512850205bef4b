/** What the global setup and the test files agree on. */
import path from 'node:path';
import { ROOT } from '../../../scripts/lib/processes';

/** Short enough that the tests can wait past it. */
export const ACCESS_TTL_MS = 4_000;

/** Screenshots of every flow, for a person to look at (not compared). */
export const ARTIFACTS = path.join(ROOT, 'artifacts');

/** Debian's Chromium, headless, with nothing that reaches the network on its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The variable in which the global setup hands the stack (`StackHandover`, as JSON) to the test files. */
export const STACK_ENV = 'E2E_STACK';

export interface StackAddresses {
  webUrl: string;
  apiUrl: string;
  /** GET answers every message the API sent so far, as JSON (`mailboxServer.ts`). */
  inboxUrl: string;
}

/** The stack's addresses, or why it did not start. */
export type StackHandover = StackAddresses | { error: string };
