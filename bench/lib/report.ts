// The markdown report: one table of rows with their baseline ratio, the issue's
// targets met or missed, then the JWT micro-benchmark, the scale table and the memory figures.
import { SCALE_ROWS } from './results';
import type { FinishedRow, Goal, JwtRow, Memory, Meta, Results, ScaleLevel, Target } from './results';
import { SCALE_LABELS } from './targets';

type Maybe = number | null | undefined;

const fmt = (v: Maybe, digits = 0) =>
  v === null || v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const fixed = (v: Maybe, digits: number) => (v === null || v === undefined ? '—' : v.toFixed(digits));
/** req/s: one decimal below 100, where rows run a few a second. */
const rate = (v: Maybe) => fmt(v, (v ?? 0) < 100 ? 1 : 0);

/** `met` is null when there is no target or nothing measured to judge. */
function verdict({ target, met }: { target: Target | null; met: boolean | null }): string {
  if (!target) return 'report';
  if (met === null) return '—';
  return met ? `met (${target.op} ${target.value})` : `**missed** (${target.op} ${target.value})`;
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
      `| ${row.label} | ${rate(m.rps)} | ${fixed(m.p50, 1)} | ${fixed(m.p97_5, 1)} | ${fixed(m.p99, 1)} | ` +
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
    '| verifier | ops/s | vs | ratio | target |',
    '|---|---:|---|---:|---|',
    jwt.map((row) => `| ${row.label} | ${fmt(row.ops)} | ${row.vsLabel} | ${fixed(row.ratio, 2)} | ${verdict(row)} |`),
  );
}

function goalsTable(goals: readonly Goal[]): string[] {
  return captioned(
    "Targets (issues 11 and 21), judged on this run's medians:",
    '| target | measured | verdict |',
    '|---|---:|---|',
    goals.map((g) => {
      const value = g.value === null ? '—' : `${g.unit === ' req/s' ? rate(g.value) : fixed(g.value, 2)}${g.unit}`;
      return `| ${g.label} | ${value} | ${verdict(g)} |`;
    }),
  );
}

function scaleTable(scale: readonly ScaleLevel[]): string[] {
  const columns = SCALE_ROWS.map((id) => `${SCALE_LABELS[id]} req/s | ${SCALE_LABELS[id]} p99 ms | vs first`);
  return captioned(
    'Scale (sessions in the database; refresh tokens grow with them; `logout` on a fresh pool per round):',
    `| sessions | refresh tokens | ${columns.join(' | ')} | errors |`,
    `|---:|---:|${SCALE_ROWS.map(() => '---:|---:|---:|').join('')}---:|`,
    scale.map((level) => {
      const cells = SCALE_ROWS.map((id) => {
        const cell = level.rows[id];
        return `${rate(cell.rps)} | ${fixed(cell.p99, 1)} | ${fixed(cell.ratio, 2)}`;
      });
      return `| ${fmt(level.sessions)} | ${fmt(level.refreshTokens)} | ${cells.join(' | ')} | ${level.errors} |`;
    }),
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

export function markdown({ meta, rows, goals, jwt, scale, memory, notes }: Results): string {
  const sections = [header(meta), rowsTable(rows), goalsTable(goals), jwtTable(jwt)];
  if (scale.length) sections.push(scaleTable(scale));
  sections.push(memoryTable(memory));
  if (notes.length) sections.push(notes.map((note) => `- ${note}`));
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
