// The process: parse config, connect, build the app, listen, and shut down
// gracefully on SIGTERM/SIGINT (stop accepting, finish in-flight requests,
// close the database, exit 0).
import { loadConfig, ConfigError } from './config';
import type { Config } from './config';
import { connectDatabase } from './db';
import type { Database } from './db';
import { createApp } from './app';
import type { App } from './app';
import { createLogger } from './logger';
import type { Logger } from './logger';

/** The configuration, or exit 1 with the message that names what to fix. */
function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

async function listen(app: App, config: Config, logger: Logger, db: Database): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    app.httpServer.once('error', reject);
    app.httpServer.listen(config.port, config.host, resolve);
  });
  const address = app.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    { port, host: config.host, ttlIndexes: db.ttlSupported },
    `API ready at http://${config.host}:${port}/graphql`,
  );
  if (config.webauthn.rpId === null)
    logger.warn(
      { appUrl: config.appUrl },
      'passkeys are off: APP_URL is an IP address, and browsers allow passkeys only on a domain (set APP_URL to a domain, or WEBAUTHN_RP_ID and WEBAUTHN_ORIGIN)',
    );
}

/** On the first SIGTERM or SIGINT: stop accepting, let in-flight work finish (bounded), close, exit 0. */
function stopOnSignals(app: App, config: Config, logger: Logger, db: Database): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.http.shutdownTimeoutMs + 5000);
    force.unref();
    await app.stop();
    await db.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger(config.logLevel);
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  const db = await connectDatabase(config, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, 'cannot connect to the database; check MONGODB_URI');
    process.exit(1);
  });
  const app = await createApp({ config, db, logger });
  db.connection.on('disconnected', () => logger.warn('database disconnected'));
  db.connection.on('reconnected', () => logger.info('database reconnected'));
  await listen(app, config, logger, db);
  stopOnSignals(app, config, logger, db);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
