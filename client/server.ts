// The web app's HTTP server: Next.js, with one step before it. `next start` and `next dev` hand a
// request to Next as it came, and Next's `/graphql` rewrite forwards the browser's own
// X-Forwarded-For to the API; this server first replaces every forwarding header with the
// address it saw itself (src/http/clientAddress.ts), so the API, trusting this one hop, records
// and rate-limits the real client. Everything else is Next's: routing, the rewrite, rendering.
//
//   NODE_ENV=production tsx server.ts [-p PORT] [-H HOST]   what `next start` does (after `next build`)
//   tsx server.ts [-p PORT] [-H HOST]                       what `next dev` does
//
// PORT defaults to WEB_PORT, then 3000; HOST to every interface, as with `next start`.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import next from 'next';
import { forwardClientAddress, readTrustProxy } from './src/http/clientAddress';

const { values } = parseArgs({
  options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' } },
});
const port = Number(values.port ?? process.env.WEB_PORT ?? 3000);
const hostname = values.hostname;
const dev = process.env.NODE_ENV !== 'production';
// Read before anything listens: a bad value stops the start with its name.
const trust = readTrustProxy(process.env.WEB_TRUST_PROXY);

async function main(): Promise<void> {
  const server = createServer();
  const app = next({ dev, dir: __dirname, hostname, port, httpServer: server });
  const handle = app.getRequestHandler();
  await app.prepare();

  server.on('request', (req, res) => {
    if (forwardClientAddress(req, trust)) {
      void handle(req, res);
      return;
    }
    res.writeHead(400, { 'content-type': 'text/plain' }).end('The client address cannot be determined.\n');
  });
  // Next proxies WebSocket upgrades too (the rewrite, and HMR in development); this listener runs
  // before the one Next adds. Without an address, nothing is forwarded: no claim reaches the API.
  server.prependListener('upgrade', (req) => {
    forwardClientAddress(req, trust);
  });

  const stop = () => {
    server.close(() => void app.close().then(() => process.exit(0)));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  server.listen(port, hostname, () => {
    console.log(`> Web app on http://${hostname ?? 'localhost'}:${port} (${dev ? 'development' : 'production'})`);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
