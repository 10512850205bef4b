// `npm run api`: the API alone on PORT (default 4000). Uses MONGODB_URI when set,
// otherwise starts the database the same way `npm run db` does.
import { startDatabase, DatabaseUnavailableError, portIsFree, freePort } from './lib/database.mjs';
import { supervise } from './lib/supervisor.mjs';

let db;
try {
  const preferred = Number(process.env.DB_PORT ?? 27017);
  db = await startDatabase({ port: (await portIsFree(preferred)) ? preferred : await freePort() });
} catch (error) {
  if (!(error instanceof DatabaseUnavailableError)) throw error;
  console.error(error.message);
  process.exit(1);
}
if (db.kind !== 'external') console.log(`Database (${db.kind}) at ${db.uri}`);
const group = supervise(() => db.stop());
group.start('api', 'node_modules/.bin/tsx', ['server/src/index.ts'], {
  MONGODB_URI: process.env.MONGODB_URI ?? `${db.uri}auth`,
  // Plain-http local use; production sets COOKIE_SECURE itself (default true).
  COOKIE_SECURE: process.env.COOKIE_SECURE ?? 'false',
});
