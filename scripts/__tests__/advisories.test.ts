// guards: the part of the dependency audit that runs offline (scripts/audit.ts). `npm audit`
// cannot reach the advisory endpoint from here, so the packages an attacker reaches through the
// API's security features are pinned and held to their published advisories (issue 19, Also).
import path from 'node:path';
import { AUDITED, compareVersions, offlineFindings } from '../lib/advisories';

const ROOT = path.resolve(__dirname, '..', '..');

describe('the offline dependency audit', () => {
  it('finds the installed nodemailer, @simplewebauthn/server and otpauth pinned and past every listed advisory', () => {
    expect(offlineFindings(ROOT)).toEqual([]);
  });

  it('lists the two high advisories nodemailer 8.0.11 is affected by', () => {
    const high = AUDITED.nodemailer!.filter((a) => a.severity === 'high' && compareVersions('8.0.11', a.fixedIn) < 0);
    expect(high.map((a) => a.id)).toEqual(['GHSA-p6gq-j5cr-w38f', 'GHSA-2x7j-588g-ccc2']);
  });

  it('compares versions by number, not as text', () => {
    expect(compareVersions('10.6.1', '9.1.0')).toBe(1);
    expect(compareVersions('9.0.0', '9.0.1')).toBe(-1);
    expect(compareVersions('9.1.0', '9.1.0')).toBe(0);
  });
});
