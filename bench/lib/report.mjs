// The markdown report: one table of rows with their baseline ratio, then the
// JWT micro-benchmark, the scale table and the memory figures.
const fmt = (v, digits = 0) =>
  v === null || v === undefined || Number.isNaN(v)
    ? '—'
    : Number(v)
        .toFixed(digits)
        .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const fixed = (v, digits) => (v === null || v === undefined ? '—' : Number(v).toFixed(digits));

function verdict(row) {
  if (!row.target) return 'report';
  if (row.ratio === null) return '—';
  return row.met ? `met (${row.target.op} ${row.target.value})` : `**missed** (${row.target.op} ${row.target.value})`;
}

export function markdown(results) {
  const { meta, rows, jwt, scale, memory } = results;
  const lines = [];
  lines.push(`## Benchmark — ${meta.date}${meta.smoke ? ' (smoke run: one short round, numbers meaningless)' : ''}`);
  lines.push('');
  lines.push(
    `Node ${meta.node}, ${meta.cpuModel} × ${meta.cpus}, ${meta.platform}; UV_THREADPOOL_SIZE ${meta.uvThreadpoolSize}; ` +
      `database ${meta.database}; ${meta.cpuPlacement}.`,
  );
  lines.push(
    `autocannon -p 1, ${meta.connections} connections (login/register/bcrypt: ${meta.loginConcurrency}), ` +
      `${meta.duration} s rounds (rows bound by bcrypt or database writes: ${meta.slowDuration}${typeof meta.slowDuration === 'number' ? ' s' : ''}; logout: a fixed number of requests), ${meta.warmup ? 'a warm-up round then ' : ''}${meta.rounds} measured round(s) interleaved; ` +
      `medians shown, ratio = median of the per-round ratios. Load average ${meta.loadAverageStart} at start, ` +
      `${meta.loadAverageEnd} at end (shared machine: absolute numbers are noisy, ratios less so). Run took ${fmt(meta.seconds)} s.`,
  );
  lines.push('');
  lines.push('| row | req/s | p50 ms | p97.5 ms | p99 ms | errors | loop p99 ms | vs | ratio | target |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---|---:|---|');
  for (const row of rows) {
    const m = row.median;
    lines.push(
      `| ${row.label} | ${fmt(m.rps, m.rps < 100 ? 1 : 0)} | ${fixed(m.p50, 1)} | ${fixed(m.p97_5, 1)} | ${fixed(m.p99, 1)} | ` +
        `${row.errors} | ${fixed(m.eventLoopP99Ms, 1)} | ${row.vsLabel ?? ''} | ${row.ratio === null ? '—' : fixed(row.ratio, 2)}${row.ratioUnit ?? ''} | ${verdict(row)} |`,
    );
  }
  if (jwt) {
    lines.push('');
    lines.push('JWT verify micro-benchmark (in-process loop, ops/s, median of rounds):');
    lines.push('');
    lines.push('| verifier | ops/s | vs jose | target |');
    lines.push('|---|---:|---:|---|');
    for (const row of jwt) lines.push(`| ${row.label} | ${fmt(row.ops)} | ${fixed(row.ratio, 2)} | ${verdict(row)} |`);
  }
  if (scale?.length) {
    lines.push('');
    lines.push('Scale (sessions in the database; refresh tokens grow with them):');
    lines.push('');
    lines.push(
      '| sessions | refresh tokens | `me` req/s | `me` p99 ms | vs first | `refreshToken` req/s | `refreshToken` p99 ms | vs first | errors |',
    );
    lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const s of scale) {
      lines.push(
        `| ${fmt(s.sessions)} | ${fmt(s.refreshTokens)} | ${fmt(s.me.rps)} | ${fixed(s.me.p99, 1)} | ${fixed(s.meRatio, 2)} | ` +
          `${fmt(s.refresh.rps)} | ${fixed(s.refresh.p99, 1)} | ${fixed(s.refreshRatio, 2)} | ${s.errors} |`,
      );
    }
  }
  if (memory) {
    lines.push('');
    lines.push(`Memory of an API process (${memory.how}):`);
    lines.push('');
    lines.push('| after | RSS MB | heap used MB |');
    lines.push('|---|---:|---:|');
    for (const p of memory.points)
      lines.push(`| ${p.label} | ${fixed(p.rssBytes / 2 ** 20, 0)} | ${fixed(p.heapUsedBytes / 2 ** 20, 0)} |`);
  }
  if (results.notes?.length) {
    lines.push('');
    for (const note of results.notes) lines.push(`- ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
