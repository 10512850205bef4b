// The development mail catcher for `npm run dev` and `npm run mail`: maildev 3.0.0, an SMTP
// server with a web inbox. It is no dependency of the project (265 packages, 112 MB): like the
// embedded FerretDB it is installed on first use into .tools/, by `npm ci` from the registry,
// with the manifest and lockfile in ./mailCatcher, into a folder named by the lockfile's hash
// (a changed lockfile installs anew).
//
// Nothing here leaves the machine: both listeners are on 127.0.0.1, mail is kept in memory, and
// relaying (maildev's only outbound connection) is off. A relay could be switched on by a
// MAILDEV_* variable or a .maildevrc.json in any parent folder, so the child gets neither: its
// MAILDEV_* variables are dropped and it reads an empty config file of our own.
//
// Known limit: maildev's web API answers any Origin (CORS reflected, with credentials) and no flag
// changes that, so a web page open in the same browser could read the inbox if the browser lets
// a public page reach 127.0.0.1 (recent Chrome asks the user first). It holds development mail only.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, freePort, portIsFree, start, waitForHttp } from './processes';
import type { RunningProcess } from './processes';

const MAILDEV_VERSION = '3.0.0';
const MANIFEST_DIR = path.join(__dirname, 'mailCatcher');
const MANIFEST_FILES = ['package.json', 'package-lock.json'];
const ENTRY = path.join('node_modules', 'maildev', 'dist', 'bin', 'maildev.js');
const CONFIG_FILE = 'maildev.json';

export class MailCatcherUnavailableError extends Error {}

export interface MailCatcher {
  /** smtp://127.0.0.1:<port>, for SMTP_URL: plain SMTP, no STARTTLS, no AUTH. */
  smtpUrl: string;
  /** http://127.0.0.1:<port>/, the web inbox; its REST API is under api/ (api/email lists every message). */
  inboxUrl: string;
  proc: RunningProcess;
  stop(): Promise<void>;
}

export interface MailCatcherOptions {
  /** 0 (the default) picks a free port; a busy fixed port is an error, never a hang. */
  smtpPort?: number;
  webPort?: number;
}

function installDir(): string {
  const lockfile = readFileSync(path.join(MANIFEST_DIR, 'package-lock.json'));
  const hash = createHash('sha256').update(lockfile).digest('hex').slice(0, 12);
  return path.join(ROOT, '.tools', `maildev-${MAILDEV_VERSION}-${hash}`);
}

/**
 * Installs maildev into .tools once and answers its folder. It installs into a folder of its
 * own and renames it into place, so two first runs at once (jest workers, dev beside a test)
 * never use half an install. `--ignore-scripts`: no package in the tree has an install script,
 * and none gets to run one.
 */
export async function ensureMaildev(log: (message: string) => void = console.log): Promise<string> {
  const dir = installDir();
  if (existsSync(path.join(dir, ENTRY))) return dir;
  log(`Installing maildev ${MAILDEV_VERSION} (the development mail catcher) into .tools (first run only)…`);
  const partial = `${dir}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    for (const file of MANIFEST_FILES) cpSync(path.join(MANIFEST_DIR, file), path.join(partial, file));
    writeFileSync(path.join(partial, CONFIG_FILE), '{}\n');
    const args = ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', partial];
    const npm = start('npm ci', 'npm', args);
    const code = await npm.exited;
    if (code !== 0 || !existsSync(path.join(partial, ENTRY))) {
      throw new MailCatcherUnavailableError(
        `Installing maildev ${MAILDEV_VERSION} failed (npm ci exited ${code ?? 'by a signal'}):\n` +
          `${npmErrors(npm.output())}\n` +
          'It comes from the npm registry (scripts/lib/mailCatcher/package-lock.json): check that npm can reach it,\n' +
          'or set SMTP_URL to an SMTP server of your own (then no mail catcher starts).',
      );
    }
    try {
      renameSync(partial, dir);
    } catch (error) {
      // Another first run finished first: use its install.
      if (!existsSync(path.join(dir, ENTRY))) throw error;
    }
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return dir;
}

/** npm's output without its engine warnings (two packages ask for Node 22; they run on 20). */
function npmErrors(output: string): string {
  const lines = output.split('\n').filter((line) => !line.startsWith('npm warn EBADENGINE'));
  return lines.join('\n').trim().slice(-3000);
}

async function choosePort(port: number, what: string, variable: string): Promise<number> {
  if (port === 0) return freePort();
  if (await portIsFree(port)) return port;
  throw new MailCatcherUnavailableError(
    `Port ${port} on 127.0.0.1 (the mail catcher's ${what}) is already in use. ` +
      `Set ${variable} to another port, or ${variable}=0 for any free port.`,
  );
}

/** The child's environment: ours without MAILDEV_* (see the header), mail files in a folder of its own. */
function catcherEnv(tmpDir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('MAILDEV_')));
  // maildev writes each message's .eml under os.tmpdir()/maildev even with in-memory storage,
  // and never deletes it: shared by every run and holding reset links in clear. Ours is removed on stop.
  return { ...env, TMPDIR: tmpDir };
}

/** Installs (first run only) and starts maildev on 127.0.0.1; resolves once its inbox answers. */
export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const dir = await ensureMaildev();
  const smtpPort = await choosePort(options.smtpPort ?? 0, 'SMTP port', 'MAIL_SMTP_PORT');
  const webPort = await choosePort(options.webPort ?? 0, 'inbox port', 'MAIL_WEB_PORT');
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), 'mail-catcher-'));
  const args = [
    path.join(dir, ENTRY),
    ['--config', path.join(dir, CONFIG_FILE)],
    ['--ip', '127.0.0.1', '--smtp', String(smtpPort)],
    ['--web-ip', '127.0.0.1', '--web', String(webPort)],
    // maildev hides STARTTLS by default; said here because it matters: nodemailer upgrades
    // whenever STARTTLS is offered, and would then refuse maildev's self-signed certificate.
    ['--hide-extensions', 'STARTTLS'],
  ].flat();
  const proc = start('maildev', process.execPath, args, { cwd: dir, env: catcherEnv(tmpDir) });
  const stop = async () => {
    await proc.stop(5000);
    rmSync(tmpDir, { recursive: true, force: true });
  };
  const inboxUrl = `http://127.0.0.1:${webPort}/`;
  try {
    // maildev opens its SMTP port before its web server: a healthy inbox means both listen.
    await waitForHttp(`${inboxUrl}api/healthz`, proc, 30_000);
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new MailCatcherUnavailableError(`The mail catcher did not start: ${reason}`);
  }
  return { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, inboxUrl, proc, stop };
}

/**
 * For the dev commands: MAIL_SMTP_PORT and MAIL_WEB_PORT (maildev's usual 1025 and 1080) when
 * free, else free ports; `fixed` makes a busy port an error instead (`npm run mail`, like
 * `npm run db`). On failure: the message, `cleanup` (what was started before), exit 1.
 */
export async function startMailCatcherOrExit({
  fixed = false,
  cleanup = async () => {},
}: { fixed?: boolean; cleanup?: () => Promise<void> } = {}): Promise<MailCatcher> {
  const preferred = async (variable: string, usual: number) => {
    const port = Number(process.env[variable] ?? usual);
    return fixed || port === 0 || (await portIsFree(port)) ? port : 0;
  };
  try {
    const smtpPort = await preferred('MAIL_SMTP_PORT', 1025);
    const webPort = await preferred('MAIL_WEB_PORT', 1080);
    return await startMailCatcher({ smtpPort, webPort });
  } catch (error) {
    if (!(error instanceof MailCatcherUnavailableError)) throw error;
    console.error(error.message);
    await cleanup();
    process.exit(1);
  }
}
