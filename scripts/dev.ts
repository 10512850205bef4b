// `npm run dev`: database, API on PORT (default 4000) and web app on WEB_PORT
// (default 3000). One Ctrl-C stops all of them.
import { startDatabaseOrExit } from './lib/database';
import { supervise } from './lib/supervisor';

async function main(): Promise<void> {
  const apiPort = process.env.PORT ?? '4000';
  const webPort = process.env.WEB_PORT ?? '3000';
  const db = await startDatabaseOrExit();
  console.log(`Database (${db.kind}) at ${db.uri}`);
  const group = supervise(() => db.stop());
  group.start('api', 'node_modules/.bin/tsx', ['watch', 'server/src/index.ts'], {
    PORT: apiPort,
    // An unset NODE_ENV means production to the API; `npm run dev` is development.
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    MONGODB_URI: process.env.MONGODB_URI ?? `${db.uri}auth`,
    COOKIE_SECURE: process.env.COOKIE_SECURE ?? 'false',
    // The web app proxies /graphql from the same machine: trust its X-Forwarded-For so
    // rate limits and the session list see the browser's address, not the proxy's.
    TRUST_PROXY: process.env.TRUST_PROXY ?? 'loopback',
    CORS_ORIGINS:
      process.env.CORS_ORIGINS ??
      `http://localhost:${webPort},http://127.0.0.1:${webPort},https://studio.apollographql.com,https://sandbox.embed.apollographql.com`,
  });
  group.start('web', 'node_modules/.bin/tsx', ['client/server.ts', '-p', webPort, '-H', '127.0.0.1'], {
    API_URL: process.env.API_URL ?? `http://127.0.0.1:${apiPort}`,
    // Next.js reports usage to Vercel unless told not to; nothing here leaves the machine.
    NEXT_TELEMETRY_DISABLED: '1',
  });
  console.log(`Web app: http://127.0.0.1:${webPort}   API: http://127.0.0.1:${apiPort}/graphql (Sandbox in a browser)`);
}

void main();
