// `npm run mail`: the development mail catcher alone, in the foreground, for an API started
// some other way (`SMTP_URL=… npm run api`). Prints SMTP_URL and the inbox; Ctrl-C stops it.
import { startMailCatcherOrExit } from './lib/mailCatcher';

async function main(): Promise<void> {
  const mail = await startMailCatcherOrExit({ fixed: true });
  console.log(`SMTP_URL=${mail.smtpUrl}`);
  console.log(`Inbox    ${mail.inboxUrl}`);
  let stopping = false;
  const shutdown = async () => {
    stopping = true;
    await mail.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  const code = await mail.proc.exited;
  if (stopping) return;
  console.error(`mail catcher exited (${code ?? 'signal'}):\n${mail.proc.output().slice(-2000)}`);
  process.exit(code || 1);
}

void main();
