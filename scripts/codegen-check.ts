// Generated files are committed. This regenerates them and fails when that
// changed anything, so a schema edit without `npm run codegen` never lands.
import { spawnSync } from 'node:child_process';
import { ROOT } from './lib/processes';

const generated = ['server/src/__generated__', 'server/src/testing/__generated__', 'client/src/__generated__'];
const gen = spawnSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], {
  cwd: ROOT,
  stdio: 'inherit',
});
if (gen.status !== 0) process.exit(gen.status ?? 1);
const diff = spawnSync('git', ['status', '--porcelain', '--', ...generated], { cwd: ROOT, encoding: 'utf8' });
if (diff.stdout.trim() !== '') {
  console.error(`Generated code is stale; run \`npm run codegen\` and commit:\n${diff.stdout}`);
  process.exit(1);
}
console.log('codegen: generated files are up to date');
