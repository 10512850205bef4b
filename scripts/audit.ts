// CI's dependency audit: `npm audit --omit=dev --audit-level=high`, failing on a high or
// critical advisory in a production dependency. A registry that does not serve npm's
// advisory endpoint (the mirror this project's machines reach answers 405) cannot say
// either way: that one case is printed as NOT CHECKED, loudly, and does not fail the run;
// every other error does. Before it, the offline check (lib/advisories.ts) runs everywhere:
// the pinned security-critical packages against their published advisories.
import { spawnSync } from 'node:child_process';
import { AUDITED, offlineFindings } from './lib/advisories';
import { ROOT } from './lib/processes';

const offline = offlineFindings(ROOT);
if (offline.length > 0) {
  console.error(`offline audit:\n${offline.map((finding) => `  - ${finding}`).join('\n')}`);
  process.exit(1);
}
console.log(`offline audit: ${Object.keys(AUDITED).join(', ')} pinned and past every listed advisory`);

interface AuditReport {
  statusCode?: number;
  uri?: string;
  metadata?: { vulnerabilities?: Record<string, number> };
}

const result = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], {
  cwd: ROOT,
  encoding: 'utf8',
});
let report: AuditReport;
try {
  report = JSON.parse(result.stdout) as AuditReport;
} catch {
  console.error(`npm audit printed no report:\n${result.stdout}\n${result.stderr}`);
  process.exit(1);
}

const advisoryEndpointRefused =
  (report.statusCode === 404 || report.statusCode === 405) && (report.uri ?? '').includes('/security/advisories/');
if (advisoryEndpointRefused) {
  console.warn(`npm audit: NOT CHECKED — the registry refused the advisory endpoint (HTTP ${report.statusCode}).`);
  process.exit(0);
}
const found = report.metadata?.vulnerabilities;
if (!found) {
  console.error(`npm audit failed without a report of vulnerabilities:\n${result.stdout}\n${result.stderr}`);
  process.exit(1);
}
const serious = (found.high ?? 0) + (found.critical ?? 0);
console.log(`npm audit (production dependencies): ${JSON.stringify(found)}`);
process.exit(serious > 0 ? 1 : 0);
