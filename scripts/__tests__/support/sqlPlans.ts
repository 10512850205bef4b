// How SQLite runs the statements FerretDB issues. FerretDB logs each statement with its arguments
// (`logSql`); queryplan.go, built inside FerretDB's module so that it links FerretDB's own SQLite,
// runs EXPLAIN QUERY PLAN for them on the same database file.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildFromFerretDBModule } from '../../lib/database';
import { ROOT } from '../../lib/processes';

export interface Statement {
  sql: string;
  args: unknown[];
}

export interface Explained extends Statement {
  /** EXPLAIN QUERY PLAN's details, e.g. `SEARCH t USING INDEX t__id_ (<expr>=?)`. */
  plan: string[];
}

const SOURCE = path.join(__dirname, 'queryplan.go');

function queryPlanBinary(): string {
  const hash = createHash('sha256').update(readFileSync(SOURCE)).digest('hex').slice(0, 8);
  const bin = path.join(ROOT, '.tools', 'bin', `sqlite-queryplan-${hash}`);
  if (existsSync(bin)) return bin;
  buildFromFerretDBModule(bin, './cmd/queryplan', (src) => {
    mkdirSync(path.join(src, 'cmd', 'queryplan'));
    copyFileSync(SOURCE, path.join(src, 'cmd', 'queryplan', 'main.go'));
  });
  return bin;
}

/** The SQL statements in a stretch of FerretDB's JSON debug log, in the order it ran them. */
export function loggedStatements(log: string): Statement[] {
  const statements: Statement[] = [];
  for (const line of log.split('\n')) {
    if (!line.includes('">>> ')) continue;
    const entry = JSON.parse(line) as { msg: string; args?: unknown[] };
    statements.push({ sql: entry.msg.slice('>>> '.length), args: entry.args ?? [] });
  }
  return statements;
}

/** Explains each statement against the SQLite database file FerretDB keeps them in. */
export function explain(databaseFile: string, statements: readonly Statement[]): Explained[] {
  if (statements.length === 0) return [];
  const run = spawnSync(queryPlanBinary(), [databaseFile], {
    input: statements.map((s) => JSON.stringify(s)).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (run.status !== 0) throw new Error(`queryplan failed (${run.status}):\n${run.stderr}`);
  return run.stdout
    .trim()
    .split('\n')
    .map((line, i) => {
      const { plan, error } = JSON.parse(line) as { plan?: string[]; error?: string };
      if (error) throw new Error(`EXPLAIN QUERY PLAN ${statements[i]!.sql}: ${error}`);
      return { ...statements[i]!, plan: plan ?? [] };
    });
}

/**
 * The statements that read or write `collection`'s table, each with the lines of its plan that
 * scan that table (FerretDB names it `<collection>_<8 hex digits>`).
 */
export function scansOf(explained: readonly Explained[], collection: string) {
  const table = new RegExp(`"(${collection}_[0-9a-f]{8})"`);
  return explained.flatMap((s) => {
    const name = table.exec(s.sql)?.[1];
    return name ? [{ sql: s.sql, scans: s.plan.filter((detail) => detail.startsWith(`SCAN ${name}`)) }] : [];
  });
}
