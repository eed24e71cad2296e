import 'reflect-metadata';
import { ConfigError, createLogger, loadConfig } from '#runtime';
import { startService } from './service.js';

/** `npm start` (api and worker in one process, the worker on its own thread) or `npm run start:api` (`--role=api`). */
async function main(): Promise<void> {
  const role = process.argv.includes('--role=api') ? 'api' : 'all';
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  // The worker part runs on a thread of its own: the API's event loop serves requests only.
  const service = await startService(config, role, log, { workerThread: true });
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error instanceof Error ? error.message : String(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`Access Ledger failed to start: ${message}\n`);
  process.exit(1);
});
