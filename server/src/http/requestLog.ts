// One structured log line per request, with a request id the client may supply
// (echoed as `x-request-id`) and the client's address as Express derived it from
// TRUST_PROXY (its keyed hash with LOG_HASH_KEY), so that an operator can follow an
// attacker from line to line (ASVS 5.0 V16.2.1). Only what is safe is logged: no
// headers (tokens, cookies), no bodies (passwords), no query strings.
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger, LogPseudonyms } from '../logger';
import { clientAddress } from '../security/clientInfo';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestLog(logger: Logger, pseudonyms: LogPseudonyms) {
  return pinoHttp({
    logger,
    customProps: (req) => ({ ip: pseudonyms.address(clientAddress((req as Request).ip)) }),
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
