// What the dependency audit can say without the advisory endpoint: the dependencies an attacker
// reaches through this API's security features (mail, passkeys, TOTP) are pinned to exact
// versions in server/package.json, and each published advisory against them is listed here with
// the version that fixed it, from the packages' changelogs and GitHub's advisory database. The
// offline check fails when an installed version is below a fix or differs from its pin. It is
// not a substitute for `npm audit` where the endpoint answers (README: dependency audit).
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface Advisory {
  id: string;
  severity: 'low' | 'moderate' | 'high' | 'critical';
  /** The first version that is not affected. */
  fixedIn: string;
  summary: string;
}

/** Audited packages and their published advisories (checked 2026-12-05). */
export const AUDITED: Record<string, readonly Advisory[]> = {
  nodemailer: [
    {
      id: 'GHSA-p6gq-j5cr-w38f',
      severity: 'high',
      fixedIn: '9.0.1',
      summary: 'message-level `raw` bypasses disableFileAccess/disableUrlAccess (file read, SSRF)',
    },
    {
      id: 'GHSA-2x7j-588g-ccc2',
      severity: 'high',
      fixedIn: '9.1.0',
      summary: 'quadratic time in addressparser on a crafted address list (denial of service)',
    },
    {
      id: 'GHSA-8m3c-c648-2xjj',
      severity: 'moderate',
      fixedIn: '9.1.1',
      summary: 'resolveContent() with the legacy signature bypasses the file and URL access guards',
    },
    {
      id: 'GHSA-cc9r-2j5m-2m83',
      severity: 'moderate',
      fixedIn: '9.1.0',
      summary: 'recipient domain read past an RFC 5322 comment (mail to an unintended domain)',
    },
  ],
  // No advisory published against @simplewebauthn/server or otpauth (GitHub advisory database).
  '@simplewebauthn/server': [],
  otpauth: [],
};

/** -1, 0 or 1 as `a` is below, equal to or above `b` (x.y.z; a pre-release counts as its release). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split('-')[0]!.split('.').map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

/** Every finding of the offline check: an installed version inside an advisory, or not at its pin. */
export function offlineFindings(root: string): string[] {
  const pins = readJson(path.join(root, 'server', 'package.json')).dependencies as Record<string, string>;
  return Object.entries(AUDITED).flatMap(([name, advisories]) => {
    const installed = readJson(path.join(root, 'node_modules', name, 'package.json')).version as string;
    const findings = advisories
      .filter((advisory) => compareVersions(installed, advisory.fixedIn) < 0)
      .map((a) => `${name} ${installed} is affected by ${a.id} (${a.severity}, fixed in ${a.fixedIn}): ${a.summary}`);
    if (pins[name] !== installed)
      findings.push(`${name} is "${pins[name]}" in server/package.json: pin it to ${installed}`);
    return findings;
  });
}
