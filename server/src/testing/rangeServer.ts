// A Pwned Passwords range server on 127.0.0.1 for tests: the real protocol over real HTTP, so
// nothing in a test contacts an outside address. GET <path><5 hex> answers `SUFFIX:COUNT` lines
// for the breached passwords under that prefix, plus padding lines of count 0 (as the real API
// does with `Add-Padding: true`). It counts what it was asked, and can hang to test the timeout.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RangeServer {
  /** The value of PASSWORD_BREACH_CHECK_URL that points here (ends in `/range/`). */
  url: string;
  /** Every request seen: its path and its `add-padding` header. */
  requests: Array<{ path: string; addPadding: string | undefined }>;
  /** While true, requests are held open and never answered. */
  hang: boolean;
  /** Makes `password` breached, seen `count` times (0: listed only as padding, as the real API pads). */
  add(password: string, count: number): void;
  close(): Promise<void>;
}

export const sha1Hex = (password: string) => createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();

export async function startRangeServer(breached: Record<string, number> = {}): Promise<RangeServer> {
  const entries = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    const addPadding = req.headers['add-padding'];
    range.requests.push({ path, addPadding: typeof addPadding === 'string' ? addPadding : undefined });
    if (range.hang) return;
    const prefix = /^\/range\/([0-9A-F]{5})$/.exec(path)?.[1];
    if (!prefix) {
      res.writeHead(400).end('The hash prefix was not in a valid format');
      return;
    }
    const lines = [...entries]
      .filter(([hash]) => hash.startsWith(prefix))
      .map(([hash, count]) => `${hash.slice(5)}:${count}`);
    // Padding: random suffixes of count 0, which a client must ignore.
    for (let i = 0; i < 3; i += 1) lines.push(`${sha1Hex(`padding ${prefix} ${i}`).slice(5)}:0`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(lines.join('\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const range: RangeServer = {
    url: `http://127.0.0.1:${port}/range/`,
    requests: [],
    hang: false,
    add: (password, count) => entries.set(sha1Hex(password), count),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  for (const [password, count] of Object.entries(breached)) range.add(password, count);
  return range;
}
