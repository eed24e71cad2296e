import { EventChainer, type EventStore } from '#event-store';
import type { Logger } from '#runtime';

/**
 * Keeps the tamper-evident hash chain caught up with the log (docs/audit-integrity.md). Every worker runs
 * one; an advisory lock lets one write at a time, so the chain stays single however many workers run.
 */
export function startEventChainer(store: EventStore, log: Logger): EventChainer {
  const chainer = new EventChainer(store, {
    onError: (error) => log.error({ err: error }, 'event chain batch failed; retrying'),
  });
  chainer.start();
  return chainer;
}
