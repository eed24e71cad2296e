/**
 * The worker part of the all-in-one process on a thread of its own (started by threaded-worker.ts): the
 * standalone worker's `startWorker` on a pool of its own to the same database, so that the API's event loop
 * does not also run the projections, the chainer and the timers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { attachInfrastructure, connectKafka, createLogger } from '#runtime';
import { startWorker } from '../worker.js';
import type { FromWorkerThread, ToWorkerThread, WorkerThreadData } from './thread-messages.js';

const COUNTERS_INTERVAL_MS = 1000;

const port = parentPort!;
const post = (message: FromWorkerThread) => port.postMessage(message);
const { config, connection, accountId, embeddedDatabase } = workerData as WorkerThreadData;
const log = createLogger(config.logLevel).child({ thread: 'worker' });
const infra = attachInfrastructure(connection, accountId, embeddedDatabase);

try {
  const worker = await startWorker({
    config,
    infra,
    log,
    kafka: connectKafka(config, log, 'access-ledger-all'),
  });
  const counters = setInterval(
    () => post({ type: 'counters', counters: worker.stats.counters }),
    COUNTERS_INTERVAL_MS,
  );
  const unwatch = infra.store.watchAppendWakes((types) =>
    post({ type: 'wakes', eventTypes: types ? [...types] : null }),
  );
  port.on('message', (message: ToWorkerThread) => {
    if (message.type === 'appended') infra.store.wakeFollowers(message.eventTypes);
    else if (message.type === 'stop') void stop();
  });
  post({ type: 'started', transport: worker.transport });

  async function stop(): Promise<void> {
    clearInterval(counters);
    unwatch();
    let code = 0;
    try {
      await worker.stop();
      post({ type: 'counters', counters: worker.stats.counters });
    } catch (error) {
      code = 1;
      log.error({ err: error instanceof Error ? error.message : String(error) }, 'worker stop failed');
    }
    await infra.close().catch(() => undefined);
    // Ends this thread only, whatever a library may still hold open.
    process.exit(code);
  }
} catch (error) {
  await infra.close().catch(() => undefined);
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
