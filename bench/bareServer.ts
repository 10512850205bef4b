// The bare-Express baseline: the same express package and JSON body parser the
// API uses, one route answering what `{ __typename }` answers, nothing else.
// A separate process (same Node, same flags, same CPU pin as the API, and plain
// JS like the API's dist: the harness runs a transpilation of this file) rather
// than a route injected into the API: that would mean patching server code or
// Express internals from the outside.
import express from 'express';

const app = express();
app.disable('x-powered-by');
app.post('/bare', express.json({ limit: '100kb' }), (_req, res) => {
  res.json({ data: { __typename: 'Query' } });
});
app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
