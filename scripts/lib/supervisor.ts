// Runs a group of child processes for `npm run dev` / `npm run api`: one Ctrl-C
// (or SIGTERM) stops all of them; if one dies, the others are stopped too.
import { start } from './processes';
import type { RunningProcess } from './processes';

export function supervise(onStop: () => Promise<void> = async () => {}) {
  const children: RunningProcess[] = [];
  let stopping = false;

  async function stopAll(code: number): Promise<void> {
    if (stopping) return;
    stopping = true;
    await Promise.all(children.map((child) => child.stop()));
    await onStop();
    process.exit(code);
  }
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  return {
    start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): RunningProcess {
      const child = start(name, command, args, { env: { ...process.env, ...env }, stdio: 'inherit' });
      children.push(child);
      void child.exited.then((code) => {
        if (stopping) return;
        console.error(`${name} exited (${code ?? 'signal'}); stopping everything`);
        void stopAll(code || 1);
      });
      return child;
    },
    stopAll,
  };
}
