import { Worker as Thread } from 'node:worker_threads';
import { appendConcerns, type StoredEvent } from '#event-store';
import type { Infrastructure, Logger } from '#runtime';
import type { Worker } from '../worker.js';
import { WorkerStats } from '../worker-stats.js';
import type { FromWorkerThread, ToWorkerThread, WorkerConfig, WorkerThreadData } from './thread-messages.js';

export interface WorkerThreadDependencies {
  config: WorkerConfig;
  /** The API's infrastructure: the thread opens a pool of its own to the same database. */
  infra: Infrastructure;
  log: Logger;
  /** The thread ended without being asked to: the process should end, as it would with the worker inline. */
  onCrash(error: Error): void;
  /** The thread's module: worker-thread (built or source, as this module runs) unless a test gives another. */
  entry?: URL;
}

/** How long a stopping worker may take (a Kafka consumer leaving its group) before its thread is ended. */
const STOP_TIMEOUT_MS = 30_000;

/**
 * Runs the worker (worker-thread.ts) on a thread of this process: its projections, chainer, timers and, with
 * Kafka, relay and consumers no longer share the API's event loop. The API's appends wake the thread's
 * followers as the thread's own appends would, each as its `wakesOnAppendOf` says (the relay at once for every
 * event; the projections for the types they handle, the others at the tip watch's next poll): the thread tells
 * which types wake one of its followers at once, and only appends of those are sent to it. Lags are read
 * from the database as before; the thread's counters reach `stats` once a second.
 */
export async function startWorkerThread({
  config,
  infra,
  log,
  onCrash,
  entry = workerThreadEntry(),
}: WorkerThreadDependencies): Promise<Worker> {
  const stats = new WorkerStats(infra.db, infra.projections, config.kafkaBrokers !== undefined);
  const data: WorkerThreadData = {
    // The thread logs to standard output at the API logger's level (a test's capturing stream stays here).
    config: { ...pickWorkerConfig(config), logLevel: log.level },
    connection: infra.connection,
    accountId: infra.accountId,
    embeddedDatabase: infra.embeddedDatabase,
  };
  const source = entry.pathname.endsWith('.ts');
  const thread = new Thread(threadBootstrap(entry, source), {
    eval: true,
    workerData: data,
    // The `source` condition resolves `#lib` imports to the TypeScript sources, as the parent's does.
    execArgv: source ? ['--conditions=source'] : [],
  });
  const send = (message: ToWorkerThread) => thread.postMessage(message);
  const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
  let started = false;
  let stopping = false;
  // Until the thread says which appends wake its followers at once, every one is told.
  let wakes: ReadonlySet<string> | undefined;

  const transport = await new Promise<Worker['transport']>((resolve, reject) => {
    thread.on('message', (message: FromWorkerThread) => {
      if (message.type === 'started') {
        started = true;
        resolve(message.transport);
      } else if (message.type === 'failed') reject(new Error(message.message));
      else if (message.type === 'counters') stats.adoptCounters(message.counters);
      else if (message.type === 'wakes') wakes = message.eventTypes ? new Set(message.eventTypes) : undefined;
    });
    thread.on('error', (error) => {
      reject(error);
      log.error({ err: error.message }, 'worker thread failed');
    });
    void exited.then((code) => {
      reject(new Error(`the worker thread exited with code ${code} before it started`));
      if (started && !stopping) onCrash(new Error(`the worker thread exited with code ${code}`));
    });
  }).catch(async (error: unknown) => {
    stopping = true;
    await thread.terminate();
    throw error;
  });

  const unsubscribe = infra.store.onAppended((events) => {
    const types = appendedTypesToTell(events, wakes);
    if (types) send({ type: 'appended', eventTypes: types });
  });
  let stopped: Promise<void> | undefined;
  return {
    transport,
    stats,
    stop: () =>
      (stopped ??= (async () => {
        stopping = true;
        unsubscribe();
        send({ type: 'stop' });
        const timeout = setTimeout(() => void thread.terminate(), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timeout);
      })()),
  };
}

/**
 * The types of an append that the thread is told of (each once), or undefined when none of them wakes a
 * follower there at once (`wakes`; undefined: every type does): a session batch, in the all-in-one process
 * without Kafka, concerns no follower of the thread until the tip watch's next poll, and telling it would
 * cost both threads a message and a wake-up per batch.
 */
export function appendedTypesToTell(
  events: readonly Pick<StoredEvent, 'type'>[],
  wakes: ReadonlySet<string> | undefined,
): string[] | undefined {
  const types = [...new Set(events.map((event) => event.type))];
  return appendConcerns(wakes, types) ? types : undefined;
}

const pickWorkerConfig = ({ kafkaBrokers, topic, partitions, consumerGroup }: WorkerConfig) => ({
  kafkaBrokers,
  topic,
  partitions,
  consumerGroup,
});

// This module runs built (dist: the thread loads worker-thread.js) or from its TypeScript source under the
// tsx loader (tests, tsx scripts): a thread does not inherit the loader, so a TypeScript entry registers it.
const workerThreadEntry = () =>
  new URL(`./worker-thread.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

function threadBootstrap(entry: URL, source: boolean): string {
  const href = JSON.stringify(entry.href);
  return source
    ? `import('tsx/esm/api').then(({ register }) => { register(); return import(${href}); });`
    : `import(${href});`;
}
