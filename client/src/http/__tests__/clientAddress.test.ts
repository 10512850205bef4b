import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalAddress, forwardClientAddress, readTrustProxy } from '../clientAddress';
import type { Trust } from '../clientAddress';

interface Seen {
  forwarded: boolean;
  headers: IncomingHttpHeaders;
}

/**
 * Sends one request over a real socket to a server that runs `forwardClientAddress` as the web
 * app's does, and returns what the next step (Next.js) would see.
 */
async function seenBehind(trust: Trust, headers: Record<string, string>, listenOn = '127.0.0.1'): Promise<Seen> {
  let seen: Seen | undefined;
  const server = createServer((req, res) => {
    seen = { forwarded: forwardClientAddress(req, trust), headers: req.headers };
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, listenOn, resolve));
  try {
    await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, { headers });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  if (!seen) throw new Error('the request never arrived');
  return seen;
}

const SPOOFED = {
  'x-forwarded-for': '203.0.113.77',
  forwarded: 'for=203.0.113.78',
  'x-real-ip': '203.0.113.79',
};

describe('forwardClientAddress', () => {
  it('replaces every address a client sent with its socket peer when no proxy is trusted', async () => {
    const seen = await seenBehind(readTrustProxy(undefined), SPOOFED);

    expect(seen.forwarded).toBe(true);
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers.forwarded).toBeUndefined();
    expect(seen.headers['x-real-ip']).toBeUndefined();
  });

  it('sets the socket peer when the client sent no forwarding header', async () => {
    const seen = await seenBehind(readTrustProxy('0'), {});

    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('writes an IPv4 peer of a dual-stack socket (::ffff:127.0.0.1) as IPv4', async () => {
    const seen = await seenBehind(readTrustProxy(undefined), {}, '::');

    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('takes the entry a trusted load balancer appended, not what the client put before it', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.77, 198.51.100.7' };

    expect((await seenBehind(readTrustProxy('1'), headers)).headers['x-forwarded-for']).toBe('198.51.100.7');
    expect((await seenBehind(readTrustProxy('loopback'), headers)).headers['x-forwarded-for']).toBe('198.51.100.7');
  });

  it('goes back as many entries as trusted hops, and no further than the header reaches', async () => {
    const headers = { 'x-forwarded-for': '203.0.113.77, 198.51.100.7' };

    expect((await seenBehind(readTrustProxy('2'), headers)).headers['x-forwarded-for']).toBe('203.0.113.77');
    expect((await seenBehind(readTrustProxy('9'), headers)).headers['x-forwarded-for']).toBe('203.0.113.77');
  });

  it('ignores the header of a peer it does not trust', async () => {
    const seen = await seenBehind(readTrustProxy('10.0.0.0/8'), { 'x-forwarded-for': '198.51.100.7' });

    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('forwards no address when the trusted entry is not an IP address', async () => {
    const seen = await seenBehind(readTrustProxy('1'), { 'x-forwarded-for': 'unknown', 'x-real-ip': '203.0.113.79' });

    expect(seen.forwarded).toBe(false);
    expect(seen.headers['x-forwarded-for']).toBeUndefined();
    expect(seen.headers['x-real-ip']).toBeUndefined();
  });
});

describe('readTrustProxy', () => {
  it('refuses true, which would trust the client', () => {
    expect(() => readTrustProxy('true')).toThrow(/WEB_TRUST_PROXY=true/);
  });

  it('names the variable when an address is malformed', () => {
    expect(() => readTrustProxy('10.0.0.0/99')).toThrow(/WEB_TRUST_PROXY/);
  });
});

describe('canonicalAddress', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::FFFF:7f00:1', '127.0.0.1'],
    ['2001:DB8:0::1', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
  ])('writes %p as %p', (address, canonical) => {
    expect(canonicalAddress(address)).toBe(canonical);
  });

  it.each(['unknown', '198.51.100.7:4000', '01.2.3.4', '', undefined])('refuses %p', (address) => {
    expect(canonicalAddress(address)).toBeNull();
  });
});
