// Who the client is, as far as this hop can vouch. The web app is the hop that faces the
// browser, and Next's `/graphql` rewrite forwards request headers as they came, adding no
// X-Forwarded-For entry of its own (node_modules/next/dist/server/lib/router-utils/proxy-request.js:
// no `xfwd`; vercel/next.js#82706). Left alone, a browser would pick the address the API records
// for its sessions and keys its per-IP rate limits on. So before Next sees a request, every
// forwarding header is replaced by one X-Forwarded-For holding the address this hop saw: its
// socket's peer, or — when WEB_TRUST_PROXY names the proxy in front of it — the entry that
// proxy appended. The API then trusts exactly one hop, this one (TRUST_PROXY=loopback or 1).
// Trust is read as Express reads the API's TRUST_PROXY (the same proxy-addr package).
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import proxyAddr from 'proxy-addr';

/** Whether the hop at `index` (0 = this socket's peer) may speak for the one before it. */
export type Trust = (address: string, index: number) => boolean;

/** Headers in which a client could claim an address; none of them passes this hop as sent. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/**
 * WEB_TRUST_PROXY: unset, empty, `0` or `false` trusts nobody (the socket's peer is the client);
 * a hop count (`1`: one load balancer that appends); or addresses, subnets and names
 * (`loopback`, `10.0.0.0/8`), comma-separated. `true` is refused: it would trust the client's own
 * header.
 */
export function readTrustProxy(raw: string | undefined): Trust {
  const value = (raw ?? '').trim();
  if (value === '' || value === '0' || value === 'false') return () => false;
  if (value.toLowerCase() === 'true') {
    throw new Error('WEB_TRUST_PROXY=true would trust any X-Forwarded-For; give a hop count (1) or the proxies');
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, index) => index < hops;
  }
  try {
    return proxyAddr.compile(value.split(',').map((part) => part.trim()));
  } catch (error) {
    throw new Error(`WEB_TRUST_PROXY: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Replaces the request's forwarding headers with `X-Forwarded-For: <client address>`. Returns
 * false, leaving no forwarding header, when that address is not an IP address (a trusted proxy
 * that appended something else, or a socket already closed).
 */
export function forwardClientAddress(req: IncomingMessage, trust: Trust): boolean {
  const address = canonicalAddress(proxyAddr(req, trust));
  for (const name of FORWARDING_HEADERS) delete req.headers[name];
  if (address === null) return false;
  req.headers['x-forwarded-for'] = address;
  return true;
}

/**
 * One spelling per address, so one client is one rate-limit key: IPv6 compressed and lower-cased
 * (WHATWG URL serialisation), an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, what a dual-stack
 * socket reports for an IPv4 peer) as IPv4, a zone index dropped. Null for anything but an IP.
 */
export function canonicalAddress(address: string | undefined): string | null {
  if (typeof address !== 'string') return null;
  const version = net.isIP(address);
  if (version === 4) return address;
  if (version !== 6) return null;
  const ipv6 = new URL(`http://[${address.split('%')[0]}]`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(ipv6);
  if (!mapped) return ipv6;
  const [high, low] = [parseInt(mapped[1] ?? '', 16), parseInt(mapped[2] ?? '', 16)];
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}
