// Breached passwords through the k-anonymity range protocol of Pwned Passwords (OWASP ASVS 5.0
// V6.2.12; NIST SP 800-63B §5.1.1.2: passwords from previous breaches). Only the first 5 hex
// characters of the password's SHA-1 leave the server; the answer lists every known suffix under
// that prefix as `SUFFIX:COUNT`, and `Add-Padding: true` pads it with count-0 lines so that its
// size says nothing about the prefix either. Off unless PASSWORD_BREACH_CHECK_URL is set.
// The check must never lock people out: a timeout (PASSWORD_BREACH_CHECK_TIMEOUT, 2 s), a network
// error or a refusal lets the password through, with a warning that names neither the password
// nor its hash.
import { createHash } from 'node:crypto';
import type { Logger } from '../logger';
import type { BreachCheck } from './credentials';

interface Options {
  /** Ends in `/`: the upper-case 5-character prefix is appended (https://api.pwnedpasswords.com/range/). */
  url: string;
  timeoutMs: number;
  logger: Logger;
}

export function createBreachCheck({ url, timeoutMs, logger }: Options): BreachCheck {
  function unchecked(reason: string): null {
    logger.warn({ reason }, 'password breach check failed; password accepted unchecked');
    return null;
  }

  return {
    async timesSeen(password) {
      const hash = createHash('sha1').update(password, 'utf8').digest('hex').toUpperCase();
      const signal = AbortSignal.timeout(timeoutMs);
      let body: string;
      try {
        const res = await fetch(`${url}${hash.slice(0, 5)}`, { headers: { 'Add-Padding': 'true' }, signal });
        // The timeout signal also bounds reading the body.
        body = await res.text();
        if (res.status !== 200) return unchecked(`status ${res.status}`);
      } catch {
        return unchecked(signal.aborted ? 'timeout' : 'network');
      }
      const suffix = hash.slice(5);
      for (const line of body.split('\n')) {
        const [lineSuffix, count] = line.trim().split(':');
        // Padding lines carry a count of 0: never a breach.
        if (lineSuffix?.toUpperCase() === suffix) return Number(count) || 0;
      }
      return 0;
    },
  };
}
