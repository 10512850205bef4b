/** The e2e project's jest globalTeardown: stops what `globalSetup.ts` started. */
import { RUNNING } from './globalSetup';
import type { RunningStack } from './globalSetup';

export default async function globalTeardown(): Promise<void> {
  const running = (globalThis as Record<symbol, unknown>)[RUNNING] as RunningStack | undefined;
  await running?.stop();
}
