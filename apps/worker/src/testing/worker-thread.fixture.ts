/**
 * A worker thread that misbehaves, for threaded-worker.int.spec.ts, as its URL's query says: `?fail` reports
 * that it could not start; otherwise it reports it started, then throws.
 */
import { parentPort } from 'node:worker_threads';
import type { FromWorkerThread } from '../thread/thread-messages.js';

const post = (message: FromWorkerThread) => parentPort!.postMessage(message);

if (new URL(import.meta.url).search === '?fail') {
  post({ type: 'failed', message: 'the database is not there' });
  process.exit(1);
} else {
  post({ type: 'started', transport: 'in-process' });
  setTimeout(() => {
    throw new Error('a bug in the worker');
  }, 50);
}
