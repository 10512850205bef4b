// Liveness (the process answers) and readiness (the database answers a ping).
import { Router } from 'express';
import type { Database } from '../db';

export function healthRoutes(db: Pick<Database, 'isReady'>): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const ready = await db.isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'database unavailable' });
  });
  return router;
}
