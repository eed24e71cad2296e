import type { AppConnection } from '#event-store';
import type { RuntimeConfig } from '#runtime';
import type { WorkerCounters } from '../worker-stats.js';

/** What the worker thread is started with: no secret of the API's (root token, MFA or STS keys). */
export interface WorkerThreadData {
  config: WorkerConfig;
  connection: AppConnection;
  accountId: string;
  embeddedDatabase: boolean;
}

/** The part of the configuration the worker uses, and the level the API's logger logs at. */
export type WorkerConfig = Pick<
  RuntimeConfig,
  'kafkaBrokers' | 'topic' | 'partitions' | 'consumerGroup' | 'logLevel'
>;

/** The API thread to the worker thread. */
export type ToWorkerThread =
  | { type: 'appended'; eventTypes: string[] } // the API appended events of these types
  | { type: 'stop' };

/** The worker thread to the API thread. */
export type FromWorkerThread =
  | { type: 'started'; transport: 'in-process' | 'kafka' }
  | { type: 'failed'; message: string }
  | { type: 'counters'; counters: WorkerCounters }
  // The types whose append wakes one of the thread's followers at once (null: any), whenever they change.
  | { type: 'wakes'; eventTypes: string[] | null };
