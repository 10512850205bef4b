// What a request says about its client: the user agent (bounded) and the
// address Express derived from the socket and the proxies TRUST_PROXY names.
// Both are shown to the user on their sessions list; the address also keys
// the per-IP rate limits (auth/loginLimits.ts).
import type { Request } from 'express';

export interface ClientInfo {
  userAgent: string | null;
  ipAddress: string | null;
}

const MAX_USER_AGENT = 512;

export function clientInfo(req: Request): ClientInfo {
  const userAgent = req.headers['user-agent'];
  return {
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, MAX_USER_AGENT) : null,
    ipAddress: req.ip ?? null,
  };
}
