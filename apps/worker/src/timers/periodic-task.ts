import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore } from '#event-store';
import type { Logger } from '#runtime';

/** Every timer of the worker ticks about once a second: well inside "ends within 5 s of its expiry". */
export const TIMER_INTERVAL_MS = 1000;

export interface PeriodicTask {
  /** Ends the loop after the tick in flight, so the pool can close after. */
  stop(): Promise<void>;
}

/** What a worker timer is given: the store, the account (for the service actor's ARN), a logger, a pace. */
export type TimerStarter = (
  store: EventStore,
  accountId: string,
  log: Logger,
  intervalMs?: number,
) => PeriodicTask;

/** A worker timer named `name` whose every tick runs `tick` (TIMER_INTERVAL_MS apart unless told). */
export function workerTimer(
  name: string,
  tick: (store: EventStore, accountId: string, log: Logger) => Promise<void>,
): TimerStarter {
  return (store, accountId, log, intervalMs = TIMER_INTERVAL_MS) =>
    startPeriodicTask(name, () => tick(store, accountId, log), log, intervalMs);
}

/**
 * Runs `tick` now and then about every `intervalMs` until stopped. A failed tick is logged and the next one
 * retries. Each timer's work is exactly-once in the database, so every worker runs every timer.
 */
function startPeriodicTask(
  name: string,
  tick: () => Promise<void>,
  log: Logger,
  intervalMs: number,
): PeriodicTask {
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        await tick();
      } catch (error) {
        log.error({ err: error }, `${name} failed; retrying`);
      }
      await sleep(intervalMs, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  })();
  return {
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
}
