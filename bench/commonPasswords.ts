// What the common-password list costs a process (issue 20): heap and RSS before and after the
// package is loaded and the Set built, the time each step takes, and a look-up. Not part of
// `npm run bench`; run alone, with gc exposed so the figures are of live memory:
//   node --expose-gc --import tsx bench/commonPasswords.ts
import { performance } from 'node:perf_hooks';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function main() {
  gc();
  const before = process.memoryUsage();
  const started = performance.now();
  const { commonPasswords } = await import('../server/src/auth/commonPasswords');
  const imported = performance.now();
  const list = commonPasswords();
  const built = performance.now();
  gc();
  const after = process.memoryUsage();
  const probes = ['password1', 'a kite over the harbour'];
  const lookups = 1_000_000;
  const lookupStart = performance.now();
  let found = 0;
  for (let i = 0; i < lookups; i += 1) if (list.has(probes[i % 2]!)) found += 1;
  const perLookupNs = ((performance.now() - lookupStart) * 1e6) / lookups;
  console.log(
    JSON.stringify(
      {
        entries: list.size,
        entriesOf8OrMore: [...list].filter((password) => password.length >= 8).length,
        importMs: Math.round(imported - started),
        buildSetMs: Math.round(built - imported),
        heapUsed: mb(after.heapUsed - before.heapUsed),
        rss: mb(after.rss - before.rss),
        lookupNs: Math.round(perLookupNs),
        found,
      },
      null,
      2,
    ),
  );
}

void main();
