/**
 * Starts what the browser tests share: the API (on a database of its own), a production build of
 * the web app pointed at it, and a real SMTP listener the API mails to. `npm test` provides
 * MONGODB_URI; `globalSetup.ts` calls this once per run, and each test file starts its own Chromium.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startMailbox } from '../../../scripts/lib/mailbox';
import type { Mailbox } from '../../../scripts/lib/mailbox';
import { ROOT, freePort, start, waitForHttp } from '../../../scripts/lib/processes';
import type { RunningProcess } from '../../../scripts/lib/processes';
import { gateway, notesSubgraph } from '../../../scripts/lib/supergraph';
import type { ProcessSpec } from '../../../scripts/lib/supergraph';
import { ACCESS_TTL_MS, ARTIFACTS } from './settings';

const CLIENT = path.join(ROOT, 'client');

export interface Stack {
  webUrl: string;
  apiUrl: string;
  /** Where the web app's /graphql goes: the API, or the gateway in front of it. */
  graphqlUrl: string;
  /** Every message the API sent (reset and verification links), as an inbox would hold them. */
  mailbox: Mailbox;
  stop(): Promise<void>;
}

export interface StackOptions {
  /**
   * Put the example supergraph's Hive Gateway (and its notes subgraph) between the web app and the
   * API, as `npm run supergraph` does (server/hardening/supergraphBrowser.test.ts).
   */
  throughGateway?: boolean;
}

export async function startStack({ throughGateway = false }: StackOptions = {}): Promise<Stack> {
  const mongodbUri = process.env.MONGODB_URI;
  if (!mongodbUri) throw new Error('MONGODB_URI is not set: run the browser tests with `npm test`');
  mkdirSync(ARTIFACTS, { recursive: true });
  const children: RunningProcess[] = [];
  let mailbox: Mailbox | null = null;
  const stop = async () => {
    await Promise.all(children.map((child) => child.stop()));
    await mailbox?.close();
  };
  try {
    mailbox = await startMailbox();
    const apiPort = Number(process.env.E2E_API_PORT ?? (await freePort()));
    const webPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    // The browser's address is localhost, not 127.0.0.1: WebAuthn refuses IP addresses as a
    // relying party, so passkeys work only there (the server still listens on 127.0.0.1 alone).
    const webUrl = `http://localhost:${webPort}`;

    const api = launch(
      'api',
      'node_modules/.bin/tsx',
      ['server/src/index.ts'],
      ROOT,
      apiEnv(mongodbUri, apiPort, webUrl, mailbox.url),
    );
    children.push(api);
    const graphqlUrl = throughGateway ? `http://127.0.0.1:${await freePort()}` : apiUrl;
    // The rewrite to the API is fixed at build time, so the build needs the API's address.
    const webEnv = { API_URL: graphqlUrl, NEXT_TELEMETRY_DISABLED: '1' };
    const build =
      process.env.E2E_REUSE_BUILD === '1'
        ? Promise.resolve()
        : run('next build', 'node_modules/.bin/next', ['build'], webEnv);
    await Promise.all([waitForHttp(`${apiUrl}/healthz`, api, 120_000), build]);
    if (throughGateway) await startGateway(apiUrl, graphqlUrl, children);

    // The app's own server (as `npm start -w client`): it sets X-Forwarded-For from the socket.
    const web = launch(
      'web',
      'node_modules/.bin/tsx',
      ['server.ts', '-p', String(webPort), '-H', '127.0.0.1'],
      CLIENT,
      {
        ...webEnv,
        NODE_ENV: 'production',
      },
    );
    children.push(web);
    await waitForHttp(`http://127.0.0.1:${webPort}/login`, web, 120_000);
    return { webUrl, apiUrl, graphqlUrl, mailbox, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The notes subgraph and the gateway at `gatewayUrl`, in front of the API; both join `children`. */
async function startGateway(apiUrl: string, gatewayUrl: string, children: RunningProcess[]): Promise<void> {
  const notesPort = await freePort();
  const notesUrl = `http://127.0.0.1:${notesPort}`;
  const launchSpec = (spec: ProcessSpec) => {
    const child = launch(spec.name, spec.command, spec.args, ROOT, spec.env);
    children.push(child);
    return child;
  };
  const notes = launchSpec(notesSubgraph(notesPort, apiUrl));
  const gatewayProcess = launchSpec(gateway({ port: Number(new URL(gatewayUrl).port), apiUrl, notesUrl }));
  await Promise.all([
    waitForHttp(`${notesUrl}/healthz`, notes, 60_000),
    waitForHttp(`${gatewayUrl}/healthcheck`, gatewayProcess, 60_000),
  ]);
}

function apiEnv(mongodbUri: string, port: number, webUrl: string, smtpUrl: string): Record<string, string> {
  const database = new URL(mongodbUri);
  database.pathname = `/e2e_${randomBytes(6).toString('hex')}`;
  return {
    PORT: String(port),
    MONGODB_URI: database.toString(),
    NODE_ENV: 'development',
    JWT_ACCESS_SECRET: randomBytes(32).toString('base64'),
    ACCESS_TOKEN_TTL: `${ACCESS_TTL_MS / 1000}s`,
    COOKIE_SECURE: 'false',
    BCRYPT_COST: '4',
    // Login limits stay at their defaults: the tests check the real ones (5 per account and address).
    // Every browser here is 127.0.0.1, so registrations need room.
    REGISTER_MAX_PER_IP: '1000',
    // A revoked session is refused on its very next request, not after the cache expires.
    SESSION_CACHE_TTL: '0',
    LOG_LEVEL: 'warn',
    // As in `npm run dev`: trust the one local hop, the web app's server, which sets X-Forwarded-For itself.
    TRUST_PROXY: 'loopback',
    CORS_ORIGINS: webUrl,
    // Mail goes to the tests' own SMTP listener, and its links to this web app.
    SMTP_URL: smtpUrl,
    APP_URL: webUrl,
    // Reset mail per address stays at its default (3 an hour): the tests check it. The one for
    // the network (also verification mail) is shared by every browser here, all 127.0.0.1.
    PASSWORD_RESET_MAX_PER_IP: '1000',
  };
}

/**
 * Child output is kept and shown only when the child fails. Each child gets its own
 * process group, so stopping it also stops what it spawned (Next.js workers).
 */
function launch(
  name: string,
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): RunningProcess {
  const child = start(name, path.join(ROOT, command), args, { cwd, env: { ...process.env, ...env }, group: true });
  void child.exited.then((code) => {
    if (code !== 0 && !child.stopping()) {
      process.stderr.write(`[${name}] exited with ${code}\n${child.output().slice(-20_000)}\n`);
    }
  });
  return child;
}

async function run(name: string, command: string, args: string[], env: Record<string, string>): Promise<void> {
  const code = await launch(name, command, args, CLIENT, env).exited;
  if (code !== 0) throw new Error(`${name} failed (${code})`);
}
