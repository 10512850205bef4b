import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startOwnDatabase, ownDatabaseEnv } from '../../server/src/testing/processes';
import { start } from '../lib/processes';

const DB_SCRIPT = ['--import', 'tsx', 'scripts/db.ts'];

describe('npm run db', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'db-test-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints one MONGODB_URI line that a client can use, and stops cleanly on Ctrl-C', async () => {
    const db = await startOwnDatabase(dataDir);
    try {
      expect(db.output()).toMatch(/^MONGODB_URI=mongodb:\/\/127\.0\.0\.1:\d+\/$/m);
      const client = await MongoClient.connect(db.uri, { serverSelectionTimeoutMS: 5000 });
      await client.db('probe').collection('things').insertOne({ hello: 'world' });
      expect(await client.db('probe').collection('things').countDocuments({ hello: 'world' })).toBe(1);
      await client.close();
    } finally {
      db.child.kill('SIGINT');
    }
    expect(await db.exited).toBe(0);
  });

  it('refuses a port already in use with a clear message instead of hanging', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const db = start('db', 'node', DB_SCRIPT, {
        env: ownDatabaseEnv({ DB_PORT: String(port), DB_DATA_DIR: dataDir }),
      });
      expect(await db.exited).toBe(1);
      expect(db.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('with MONGODB_URI set, starts nothing and prints that URI', async () => {
    const db = start('db', 'node', DB_SCRIPT, { env: { ...process.env, MONGODB_URI: 'mongodb://127.0.0.1:1/' } });
    expect(await db.exited).toBe(0);
    expect(db.output().trim()).toBe('MONGODB_URI=mongodb://127.0.0.1:1/');
  });
});
