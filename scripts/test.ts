// `npm test` / `npm run test:hardening`: checks generated code, starts the
// database (see lib/database.ts), runs jest against it, and stops it.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { orExit, startDatabase } from './lib/database';
import { ROOT } from './lib/processes';

const hardening = process.argv.includes('--hardening');
const passThrough = process.argv.slice(2).filter((arg) => arg !== '--hardening');
const projects = hardening ? ['hardening'] : ['scripts', 'server', 'server-hs256', 'client', 'bench', 'e2e'];

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  return spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env }).status ?? 1;
}

async function main(): Promise<void> {
  if (!hardening && run('node', ['--import', 'tsx', 'scripts/codegen-check.ts']) !== 0) process.exit(1);

  const dataDir = path.join(ROOT, '.data', `test-${process.pid}`);
  const db = await orExit(() => startDatabase({ port: 0, dataDir }));
  console.log(`Using ${db.kind} at ${db.uri}`);

  // The hardening suite runs one file at a time: its load and fault tests would otherwise
  // starve each other's processes on a 2-core machine and fail for that reason alone.
  const workers = hardening ? '--maxWorkers=1' : '--maxWorkers=2';
  // A caller's own --selectProjects narrows the run (jest adds repeated flags together).
  const chosen = passThrough.includes('--selectProjects') ? [] : ['--selectProjects', ...projects];
  const jestArgs = ['jest', ...chosen, workers, ...passThrough];
  const status = run('npx', jestArgs, { ...process.env, MONGODB_URI: db.uri, TEST_DB_KIND: db.kind });
  await db.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(status);
}

void main();
