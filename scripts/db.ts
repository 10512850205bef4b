// `npm run db`: runs the resolved database in the foreground and prints its URI.
import path from 'node:path';
import { orExit, startDatabase } from './lib/database';
import { ROOT } from './lib/processes';

async function main(): Promise<void> {
  const port = process.env.DB_PORT === undefined ? 27017 : Number(process.env.DB_PORT);
  const dataDir = path.resolve(ROOT, process.env.DB_DATA_DIR ?? '.data/db');
  const db = await orExit(() => startDatabase({ port, dataDir }));
  console.log(`MONGODB_URI=${db.uri}`);
  if (!db.proc) process.exit(0);
  let stopping = false;
  const shutdown = async () => {
    stopping = true;
    await db.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  const code = await db.proc.exited;
  if (stopping) return;
  console.error(`database exited (${code ?? 'signal'})`);
  process.exit(code ?? 1);
}

void main();
