// `npm run dev`: database, mail catcher, API on PORT (default 4000) and web app on WEB_PORT
// (default 3000). The API sends its mail to the catcher, whose inbox shows what a user would
// receive; with SMTP_URL set, it sends there and no catcher starts. One Ctrl-C stops all of them.
import { startDatabaseOrExit } from './lib/database';
import { startMailCatcherOrExit } from './lib/mailCatcher';
import type { RunningProcess } from './lib/processes';
import { supervise } from './lib/supervisor';

async function main(): Promise<void> {
  const apiPort = process.env.PORT ?? '4000';
  const webPort = process.env.WEB_PORT ?? '3000';
  // localhost, not 127.0.0.1: browsers refuse passkeys on an IP address (WebAuthn RP IDs are domains).
  const webUrl = `http://localhost:${webPort}`;
  const db = await startDatabaseOrExit();
  console.log(`Database (${db.kind}) at ${db.uri}`);
  const mail = process.env.SMTP_URL ? null : await startMailCatcherOrExit({ cleanup: () => db.stop() });
  const group = supervise(async () => {
    await Promise.all([db.stop(), mail?.stop()]);
  });
  if (mail) stopAllWhenItDies(mail.proc, group.stopAll);
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
    ...(mail ? { SMTP_URL: mail.smtpUrl } : {}),
    // Emailed links point at APP_URL, whose development default is http://localhost:3000: send
    // them to the address printed below instead, so a link opens where the session cookie lives.
    APP_URL: process.env.APP_URL ?? webUrl,
  });
  group.start('web', 'node_modules/.bin/tsx', ['client/server.ts', '-p', webPort, '-H', '127.0.0.1'], {
    API_URL: process.env.API_URL ?? `http://127.0.0.1:${apiPort}`,
    // Next.js reports usage to Vercel unless told not to; nothing here leaves the machine.
    NEXT_TELEMETRY_DISABLED: '1',
  });
  console.log(`Web app  ${webUrl}`);
  console.log(`API      http://127.0.0.1:${apiPort}/graphql (Sandbox in a browser)`);
  console.log(`JWKS     http://127.0.0.1:${apiPort}/.well-known/jwks.json (verify access tokens elsewhere)`);
  // SMTP_URL is not printed: it may hold a password.
  console.log(mail ? `Inbox    ${mail.inboxUrl} (the mail the API sends)` : 'Mail     sent through SMTP_URL');
}

/**
 * The supervisor stops everything when one of its children dies; the mail catcher is started
 * by its own module, so it is watched here. A Ctrl-C reaches it too (it shares the terminal's
 * process group): an exit after a signal is the shutdown, not a failure.
 */
function stopAllWhenItDies(proc: RunningProcess, stopAll: (code: number) => Promise<void>): void {
  let signalled = false;
  process.once('SIGINT', () => (signalled = true));
  process.once('SIGTERM', () => (signalled = true));
  void proc.exited.then((code) => {
    if (signalled || proc.stopping()) return;
    console.error(`mail catcher exited (${code ?? 'signal'}); stopping everything\n${proc.output().slice(-2000)}`);
    void stopAll(code || 1);
  });
}

void main();
