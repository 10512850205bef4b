// What a request says about its client: the user agent (bounded) and the
// address Express derived from the socket and the proxies TRUST_PROXY names.
// Both are shown to the user on their sessions list; the address also keys
// the per-IP rate limits (rateLimitPolicy.ts). A malformed address is never
// stored or used as a key: it becomes null. IPv4-mapped IPv6 is written as IPv4.
// The request id (requestLog.ts) ties a security-event log line to its request line.
import { isIP } from 'node:net';
import type { Request } from 'express';
import ipaddr from 'ipaddr.js';

export interface ClientInfo {
  userAgent: string | null;
  ipAddress: string | null;
  /** The request's id, for log lines only (never stored). */
  requestId?: string;
}

const MAX_USER_AGENT = 512;

export function clientInfo(req: Request): ClientInfo {
  const userAgent = req.headers['user-agent'];
  return {
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, MAX_USER_AGENT) : null,
    ipAddress: clientAddress(req.ip),
    ...(typeof req.id === 'string' ? { requestId: req.id } : {}),
  };
}

export function clientAddress(ip: string | undefined): string | null {
  if (ip === undefined || isIP(ip) === 0 || !ipaddr.isValid(ip)) return null;
  return ipaddr.process(ip).toString();
}
