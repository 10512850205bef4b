// The notes subgraph's process: NOTES_PORT (default 4002) on 127.0.0.1, checking tokens through
// JWKS_URL (default: the auth API's on port 4000). JWT_ISSUER and JWT_AUDIENCE default to the
// auth API's own defaults. GET /healthz answers 200 once it listens.
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { accessTokenVerifier } from './accessToken.js';
import { createNotesServer } from './notesServer.js';

const port = Number(process.env.NOTES_PORT ?? 4002);
const verify = accessTokenVerifier({
  jwksUrl: process.env.JWKS_URL ?? 'http://127.0.0.1:4000/.well-known/jwks.json',
  issuer: process.env.JWT_ISSUER ?? 'graphql-session-auth',
  audience: process.env.JWT_AUDIENCE ?? 'graphql-session-auth-api',
});

const apollo = createNotesServer();
await apollo.start();
const app = express();
app.get('/healthz', (_req, res) => void res.send('ok'));
app.use(
  '/graphql',
  express.json({ limit: '100kb' }),
  expressMiddleware(apollo, { context: async ({ req }) => ({ viewer: await verify(req.headers.authorization) }) }),
);
const server = app.listen(port, '127.0.0.1', () => {
  console.log(`Notes subgraph ready at http://127.0.0.1:${port}/graphql`);
});

const stop = () => {
  server.close(() => void apollo.stop().then(() => process.exit(0)));
  server.closeIdleConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
