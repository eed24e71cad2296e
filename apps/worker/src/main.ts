import { connectKafka, createLogger, loadConfig, openInfrastructure } from '#runtime';
import { startWorker, type Worker } from './worker.js';
import { consumerTimingFromEnv } from './worker-env.js';

/** The standalone worker: relay and projection consumers, until SIGTERM or SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel).child({ role: 'worker' });
  const infra = await openInfrastructure(config, log);
  let worker: Worker;
  try {
    const kafka = connectKafka(config, log, 'access-ledger-worker');
    worker = await startWorker({ config, infra, log, kafka, consumer: consumerTimingFromEnv() });
  } catch (error) {
    await infra.close().catch(() => undefined);
    throw error;
  }
  log.info(
    {
      pid: process.pid,
      transport: worker.transport,
      database: infra.embeddedDatabase ? 'embedded' : 'external',
      projections: infra.projections.map((projection) => projection.name),
      ...(worker.transport === 'kafka' && {
        topic: config.topic,
        partitions: config.partitions,
        consumerGroup: config.consumerGroup,
      }),
    },
    'worker started',
  );

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal during shutdown; exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'stopping worker');
    try {
      await worker.stop();
      await infra.close();
      log.info('worker stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'worker did not stop cleanly');
      process.exit(1);
    }
  };
  process.on('SIGTERM', (signal) => void shutdown(signal));
  process.on('SIGINT', (signal) => void shutdown(signal));
}

main().catch((error: unknown) => {
  createLogger().fatal({ err: error }, 'worker failed to start');
  process.exit(1);
});
