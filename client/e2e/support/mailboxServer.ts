/**
 * The setup's mailbox (an SMTP listener in the jest parent process) read from the test files,
 * which run in workers: GET answers every message received so far as JSON. Loopback only; it
 * holds nothing but the test run's own mail.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Mailbox } from '../../../scripts/lib/mailbox';

export interface MailboxServer {
  url: string;
  close(): Promise<void>;
}

export async function serveMailbox(mailbox: Mailbox): Promise<MailboxServer> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET') {
      response.writeHead(405).end();
      return;
    }
    // No keep-alive: an idle socket would hold the test worker open after its last test.
    response
      .writeHead(200, { 'content-type': 'application/json', connection: 'close' })
      .end(JSON.stringify(mailbox.received));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
