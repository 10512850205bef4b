// Runs a group of child processes for `npm run dev` / `npm run api`: one Ctrl-C
// (or SIGTERM) stops all of them; if one dies, the others are stopped too.
import { spawn } from 'node:child_process';
import { ROOT } from './database.mjs';

export function supervise(onStop = async () => {}) {
  const children = [];
  let stopping = false;

  async function stopAll(code) {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
    await onStop();
    process.exit(code);
  }
  process.once('SIGINT', () => stopAll(0));
  process.once('SIGTERM', () => stopAll(0));

  return {
    start(name, command, args, env) {
      const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'inherit' });
      children.push(child);
      child.once('exit', (code) => {
        if (!stopping) {
          console.error(`${name} exited (${code ?? 'signal'}); stopping everything`);
          void stopAll(code || 1);
        }
      });
      return child;
    },
    stopAll,
  };
}
