// `npm run api`: the API alone on PORT (default 4000). Uses MONGODB_URI when set,
// otherwise starts the database the same way `npm run db` does.
import { startDatabaseOrExit } from './lib/database';
import { supervise } from './lib/supervisor';

async function main(): Promise<void> {
  const db = await startDatabaseOrExit();
  if (db.kind !== 'external') console.log(`Database (${db.kind}) at ${db.uri}`);
  const group = supervise(() => db.stop());
  group.start('api', 'node_modules/.bin/tsx', ['server/src/index.ts'], {
    // An unset NODE_ENV means production to the API; this script is for local use.
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    MONGODB_URI: process.env.MONGODB_URI ?? `${db.uri}auth`,
    // Plain-http local use; production sets COOKIE_SECURE itself (default true).
    COOKIE_SECURE: process.env.COOKIE_SECURE ?? 'false',
  });
}

void main();
