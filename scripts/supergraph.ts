// `npm run supergraph`: the example supergraph (examples/supergraph/, docs/supergraph.md). The
// database, the auth API on PORT (default 4000), the notes subgraph on NOTES_PORT (4002), the
// gateway on GATEWAY_PORT (4001) in front of both, and the web app on WEB_PORT (3000) pointed at
// the gateway instead of the API. Mail goes to SMTP_URL when set; otherwise the API only logs it
// (`npm run dev` has the inbox). One Ctrl-C stops all of them.
import { startDatabaseOrExit } from './lib/database';
import { waitForHttp } from './lib/processes';
import { gateway, jwksUrlOf, notesSubgraph } from './lib/supergraph';
import type { ProcessSpec } from './lib/supergraph';
import { supervise } from './lib/supervisor';

async function main(): Promise<void> {
  const apiPort = process.env.PORT ?? '4000';
  const gatewayPort = Number(process.env.GATEWAY_PORT ?? 4001);
  const notesPort = Number(process.env.NOTES_PORT ?? 4002);
  const webPort = process.env.WEB_PORT ?? '3000';
  // localhost, not 127.0.0.1: browsers refuse passkeys on an IP address (WebAuthn RP IDs are domains).
  const webUrl = `http://localhost:${webPort}`;
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const notesUrl = `http://127.0.0.1:${notesPort}`;
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;

  const db = await startDatabaseOrExit();
  console.log(`Database (${db.kind}) at ${db.uri}`);
  const group = supervise(() => db.stop());
  const launch = (spec: ProcessSpec) => group.start(spec.name, spec.command, spec.args, spec.env);

  const api = group.start('api', 'node_modules/.bin/tsx', ['server/src/index.ts'], {
    PORT: apiPort,
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    MONGODB_URI: process.env.MONGODB_URI ?? `${db.uri}auth`,
    COOKIE_SECURE: process.env.COOKIE_SECURE ?? 'false',
    // The gateway is the API's one local hop: it names the client in X-Forwarded-For.
    TRUST_PROXY: process.env.TRUST_PROXY ?? 'loopback',
    CORS_ORIGINS: process.env.CORS_ORIGINS ?? `http://localhost:${webPort},http://127.0.0.1:${webPort}`,
    APP_URL: process.env.APP_URL ?? webUrl,
  });
  // The subgraphs fetch the JWKS on their first token; the gateway composes at start. Both
  // need the API up first only for tokens, but starting in order keeps the log readable.
  try {
    await waitForHttp(`${apiUrl}/healthz`, api, 120_000);
    const notes = launch(notesSubgraph(notesPort, apiUrl));
    await waitForHttp(`${notesUrl}/healthz`, notes, 60_000);
    const gatewayProcess = launch(gateway({ port: gatewayPort, apiUrl, notesUrl }));
    await waitForHttp(`${gatewayUrl}/healthcheck`, gatewayProcess, 60_000);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await group.stopAll(1);
  }
  group.start('web', 'node_modules/.bin/tsx', ['client/server.ts', '-p', webPort, '-H', '127.0.0.1'], {
    // The web app proxies /graphql here: to the gateway, not to the API.
    API_URL: gatewayUrl,
    NEXT_TELEMETRY_DISABLED: '1',
  });
  printUrls({ webUrl, gatewayUrl, apiUrl, notesUrl });
}

function printUrls(urls: { webUrl: string; gatewayUrl: string; apiUrl: string; notesUrl: string }): void {
  console.log(`Web app  ${urls.webUrl} (its /graphql goes to the gateway)`);
  console.log(`Gateway  ${urls.gatewayUrl}/graphql (Hive Gateway: the supergraph)`);
  console.log(`API      ${urls.apiUrl}/graphql (the auth subgraph)`);
  console.log(`Notes    ${urls.notesUrl}/graphql (the notes subgraph)`);
  console.log(`JWKS     ${jwksUrlOf(urls.apiUrl)} (what the gateway and the notes subgraph verify with)`);
  console.log(process.env.SMTP_URL ? 'Mail     sent through SMTP_URL' : 'Mail     logged by the API (no SMTP_URL)');
}

void main();
