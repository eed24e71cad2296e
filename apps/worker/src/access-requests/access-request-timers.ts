import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore } from '#event-store';
import { processDueAccessRequests } from '#governance';
import type { Logger } from '#runtime';

/** Well inside API.md's "a time-bound grant ends within 5 s of its expiry". */
const INTERVAL_MS = 1000;

export interface RunningAccessRequestTimers {
  /** Ends the loop after the run in flight, so the pool can close after. */
  stop(): Promise<void>;
}

/**
 * Expires Pending access requests past their deadline and ends granted access at its expiry, about every
 * second. Every worker runs it; each request expires or ends once however many race or restart.
 */
export function startAccessRequestTimers(
  store: EventStore,
  accountId: string,
  log: Logger,
  intervalMs = INTERVAL_MS,
): RunningAccessRequestTimers {
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        const { expired, ended } = await processDueAccessRequests(store, accountId);
        if (expired + ended > 0) log.info({ expired, ended }, 'access requests expired or ended');
      } catch (error) {
        log.error({ err: error }, 'access request timer run failed; retrying');
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
