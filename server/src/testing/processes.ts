// The database as tests start it: `npm run db` as a real child process, started
// and stopped the way an operator would, through the repository's one process
// toolkit (scripts/lib/processes.ts).
import { start, waitFor } from '../../../scripts/lib/processes';

export { waitFor } from '../../../scripts/lib/processes';

/** Environment without MONGODB_URI, so `npm run db` starts a database of its own. */
export function ownDatabaseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { MONGODB_URI: _ignored, ...env } = process.env;
  return { ...env, ...extra };
}

/** Starts `npm run db` (`node --import tsx`: one process, so signals reach it) and resolves with its URI. */
export async function startOwnDatabase(dataDir: string, port = 0) {
  const env = ownDatabaseEnv({ DB_PORT: String(port), DB_DATA_DIR: dataDir });
  const db = start('npm run db', 'node', ['--import', 'tsx', 'scripts/db.ts'], { env });
  const uri = await waitFor(
    () => {
      if (!db.alive()) throw new Error(`npm run db exited (${db.child.exitCode}):\n${db.output()}`);
      return /MONGODB_URI=(\S+)/.exec(db.output())?.[1];
    },
    60_000,
    'the database URI',
  );
  return { ...db, uri, port: Number(new URL(uri).port) };
}
