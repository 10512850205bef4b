// guards: `npm run dev` points the API at a mail catcher whose inbox shows the mail it sent,
// over plain SMTP on loopback (nodemailer would upgrade to a STARTTLS it is offered, and fail).
import net from 'node:net';
import nodemailer from 'nodemailer';
import { startMailCatcher } from '../lib/mailCatcher';
import type { MailCatcher } from '../lib/mailCatcher';
import { portAccepts } from '../lib/processes';

// On a fresh clone the first start installs maildev from the registry: 10 s here, far more on a slow network.
const FIRST_START_MS = 300_000;

interface CaughtMail {
  subject: string;
  text: string;
  to: { address: string }[];
}

/** The server's answer to EHLO: the extensions it offers, one per line. */
function ehlo(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    let greeted = false;
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString();
      if (!greeted && /^220 /m.test(reply)) {
        greeted = true;
        reply = '';
        socket.write('EHLO probe.localhost\r\n');
      } else if (greeted && /^250 /m.test(reply)) {
        socket.end('QUIT\r\n');
        resolve(reply);
      }
    });
    socket.once('error', reject);
  });
}

describe('the development mail catcher', () => {
  let catcher: MailCatcher;
  beforeAll(async () => {
    catcher = await startMailCatcher();
  }, FIRST_START_MS);
  afterAll(() => catcher?.stop());

  it('offers plain SMTP on 127.0.0.1: no STARTTLS, no AUTH', async () => {
    expect(catcher.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    const extensions = await ehlo(Number(new URL(catcher.smtpUrl).port));
    expect(extensions).toMatch(/^250[- ]/m);
    expect(extensions).not.toMatch(/STARTTLS|AUTH/);
  });

  it('shows a message sent with nodemailer, as the API sends it, through its HTTP API', async () => {
    const link = 'http://127.0.0.1:3000/reset-password?token=abc123';
    const transport = nodemailer.createTransport(catcher.smtpUrl, { from: 'no-reply@localhost' });
    await transport.sendMail({ to: 'ada@example.com', subject: 'Reset your password', text: `Open ${link}\n` });
    transport.close();

    const response = await fetch(`${catcher.inboxUrl}api/email`);
    expect(response.status).toBe(200);
    const inbox = (await response.json()) as CaughtMail[];
    expect(inbox).toHaveLength(1);
    expect(inbox[0]?.subject).toBe('Reset your password');
    expect(inbox[0]?.to).toEqual([expect.objectContaining({ address: 'ada@example.com' })]);
    expect(inbox[0]?.text.split(/\s+/)).toContain(link);
  });

  it('serves its inbox page, and the script that page loads', async () => {
    // A browser asks for HTML; maildev answers other requests for / with a JSON 404.
    const page = await fetch(catcher.inboxUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(new URL(script ?? '', catcher.inboxUrl));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await asset.text()).length).toBeGreaterThan(10_000);
  });

  it('stop() ends the process and closes both ports', async () => {
    await catcher.stop();
    expect(catcher.proc.alive()).toBe(false);
    expect(await portAccepts(Number(new URL(catcher.smtpUrl).port))).toBe(false);
    expect(await portAccepts(Number(new URL(catcher.inboxUrl).port))).toBe(false);
  });

  it('refuses a port already in use with a clear message instead of hanging', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      await expect(startMailCatcher({ smtpPort: port })).rejects.toThrow(`Port ${port} on 127.0.0.1`);
    } finally {
      blocker.close();
    }
  });
});
