// The gateway's process: GATEWAY_PORT (default 4001) on 127.0.0.1, composing the auth API
// (AUTH_URL, schema.graphql at the repository's root) and the notes subgraph (NOTES_URL,
// ../notes/schema.graphql) at start. JWKS_URL, JWT_ISSUER and JWT_AUDIENCE default to the auth
// API's. GET /healthcheck answers 200 once it listens.
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import proxyAddr from 'proxy-addr';
import { composeSupergraph } from './compose.js';
import { createGateway } from './gateway.js';

const port = Number(process.env.GATEWAY_PORT ?? 4001);
const authUrl = process.env.AUTH_URL ?? 'http://127.0.0.1:4000/graphql';
const schemaFile = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

const supergraphSdl = composeSupergraph([
  { name: 'auth', url: authUrl, schemaFile: process.env.AUTH_SCHEMA_FILE || schemaFile('../../../schema.graphql') },
  {
    name: 'notes',
    url: process.env.NOTES_URL ?? 'http://127.0.0.1:4002/graphql',
    schemaFile: schemaFile('../notes/schema.graphql'),
  },
]);
const gateway = createGateway({
  supergraphSdl,
  jwksUrl: process.env.JWKS_URL ?? new URL('/.well-known/jwks.json', authUrl).toString(),
  issuer: process.env.JWT_ISSUER ?? 'graphql-session-auth',
  audience: process.env.JWT_AUDIENCE ?? 'graphql-session-auth-api',
});

// The one hop this gateway trusts to name the client is a proxy on this machine (the web app's
// server): any X-Forwarded-For from elsewhere is replaced by the socket's peer, so a client
// cannot choose the address the API records and rate-limits (the web app's server does the same:
// client/src/http/clientAddress.ts).
const trustLoopback = proxyAddr.compile('loopback');
function forwardClientAddress(req: IncomingMessage): void {
  const address = proxyAddr(req, trustLoopback);
  delete req.headers.forwarded;
  delete req.headers['x-real-ip'];
  req.headers['x-forwarded-for'] = address;
}

const server = createServer((req, res) => {
  forwardClientAddress(req);
  void gateway(req, res);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`Gateway ready at http://127.0.0.1:${port}/graphql`);
});

const stop = () => {
  server.close(() => void Promise.resolve(gateway.dispose()).then(() => process.exit(0)));
  server.closeIdleConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
