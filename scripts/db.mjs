// `npm run db`: runs the resolved database in the foreground and prints its URI.
import path from 'node:path';
import { ROOT, startDatabase, DatabaseUnavailableError } from './lib/database.mjs';

const port = process.env.DB_PORT === undefined ? 27017 : Number(process.env.DB_PORT);
try {
  const dataDir = path.resolve(ROOT, process.env.DB_DATA_DIR ?? '.data/db');
  const db = await startDatabase({ port, dataDir });
  console.log(`MONGODB_URI=${db.uri}`);
  if (db.kind === 'external') process.exit(0);
  let stopping = false;
  const shutdown = async () => {
    stopping = true;
    await db.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  db.child.once('exit', (code) => {
    if (stopping) return;
    console.error(`database exited (${code ?? 'signal'})`);
    process.exit(code ?? 1);
  });
} catch (error) {
  if (!(error instanceof DatabaseUnavailableError)) throw error;
  console.error(error.message);
  process.exit(1);
}
