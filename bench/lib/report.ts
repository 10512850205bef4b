// The markdown report: one table of rows with their baseline ratio, then the
// JWT micro-benchmark, the scale table and the memory figures.
import type { FinishedRow, Judged, JwtRow, Memory, Meta, Results, ScaleLevel } from './results';

type Maybe = number | null | undefined;

const fmt = (v: Maybe, digits = 0) =>
  v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const fixed = (v: Maybe, digits: number) => (v === null || v === undefined ? '—' : v.toFixed(digits));

function verdict(row: Judged): string {
  if (!row.target) return 'report';
  if (row.ratio === null) return '—';
  return row.met ? `met (${row.target.op} ${row.target.value})` : `**missed** (${row.target.op} ${row.target.value})`;
}

function header(meta: Meta): string[] {
  const slow = `${meta.slowDuration}${typeof meta.slowDuration === 'number' ? ' s' : ''}`;
  return [
    `## Benchmark — ${meta.date}${meta.smoke ? ' (smoke run: one short round, numbers meaningless)' : ''}`,
    '',
    `Node ${meta.node}, ${meta.cpuModel} × ${meta.cpus}, ${meta.platform}; UV_THREADPOOL_SIZE ${meta.uvThreadpoolSize}; ` +
      `database ${meta.database}; ${meta.cpuPlacement}.`,
    `autocannon -p 1, ${meta.connections} connections (login/register/bcrypt: ${meta.loginConcurrency}), ` +
      `${meta.duration} s rounds (rows bound by bcrypt or database writes: ${slow}; logout: a fixed number of requests), ${meta.warmup ? 'a warm-up round then ' : ''}${meta.rounds} measured round(s) interleaved; ` +
      `medians shown, ratio = median of the per-round ratios. Load average ${meta.loadAverageStart} at start, ` +
      `${meta.loadAverageEnd} at end (shared machine: absolute numbers are noisy, ratios less so). Run took ${fmt(meta.seconds)} s.`,
  ];
}

function rowsTable(rows: readonly FinishedRow[]): string[] {
  const lines = [
    '| row | req/s | p50 ms | p97.5 ms | p99 ms | errors | loop p99 ms | vs | ratio | target |',
    '|---|---:|---:|---:|---:|---:|---:|---|---:|---|',
  ];
  for (const row of rows) {
    const m = row.median;
    lines.push(
      `| ${row.label} | ${fmt(m.rps, (m.rps ?? 0) < 100 ? 1 : 0)} | ${fixed(m.p50, 1)} | ${fixed(m.p97_5, 1)} | ${fixed(m.p99, 1)} | ` +
        `${row.errors} | ${fixed(m.eventLoopP99Ms, 1)} | ${row.vsLabel} | ${row.ratio === null ? '—' : fixed(row.ratio, 2)}${row.ratioUnit} | ${verdict(row)} |`,
    );
  }
  return lines;
}

/** A caption, a blank line, then the table: its header, its alignment row, its rows. */
const captioned = (caption: string, head: string, align: string, rows: string[]) => [caption, '', head, align, ...rows];

function jwtTable(jwt: readonly JwtRow[]): string[] {
  return captioned(
    'JWT verify micro-benchmark (in-process loop, ops/s, median of rounds):',
    '| verifier | ops/s | vs jose | target |',
    '|---|---:|---:|---|',
    jwt.map((row) => `| ${row.label} | ${fmt(row.ops)} | ${fixed(row.ratio, 2)} | ${verdict(row)} |`),
  );
}

function scaleTable(scale: readonly ScaleLevel[]): string[] {
  return captioned(
    'Scale (sessions in the database; refresh tokens grow with them):',
    '| sessions | refresh tokens | `me` req/s | `me` p99 ms | vs first | `refreshToken` req/s | `refreshToken` p99 ms | vs first | errors |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    scale.map(
      (s) =>
        `| ${fmt(s.sessions)} | ${fmt(s.refreshTokens)} | ${fmt(s.me.rps)} | ${fixed(s.me.p99, 1)} | ${fixed(s.meRatio, 2)} | ` +
        `${fmt(s.refresh.rps)} | ${fixed(s.refresh.p99, 1)} | ${fixed(s.refreshRatio, 2)} | ${s.errors} |`,
    ),
  );
}

function memoryTable(memory: Memory): string[] {
  return captioned(
    `Memory of an API process (${memory.how}):`,
    '| after | RSS MB | heap used MB |',
    '|---|---:|---:|',
    memory.points.map(
      (p) => `| ${p.label} | ${fixed(p.rssBytes / 2 ** 20, 0)} | ${fixed(p.heapUsedBytes / 2 ** 20, 0)} |`,
    ),
  );
}

export function markdown({ meta, rows, jwt, scale, memory, notes }: Results): string {
  const sections = [header(meta), rowsTable(rows), jwtTable(jwt)];
  if (scale.length) sections.push(scaleTable(scale));
  sections.push(memoryTable(memory));
  if (notes.length) sections.push(notes.map((note) => `- ${note}`));
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
