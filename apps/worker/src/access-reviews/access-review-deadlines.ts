import { setTimeout as sleep } from 'node:timers/promises';
import type { EventStore } from '#event-store';
import { completeDueReviews } from '#governance';
import type { Logger } from '#runtime';

const INTERVAL_MS = 1000;

export interface RunningDeadlines {
  /** Ends the loop after the run in flight, so the pool can close after. */
  stop(): Promise<void>;
}

/**
 * Closes access reviews at their due date with their default decisions, and resumes any completion a crash
 * interrupted. Every worker runs it; each step of a completion happens once however many race.
 */
export function startAccessReviewDeadlines(
  store: EventStore,
  accountId: string,
  log: Logger,
  intervalMs = INTERVAL_MS,
): RunningDeadlines {
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        const { completed, failed } = await completeDueReviews(store, accountId);
        if (completed.length > 0) log.info({ completed }, 'access reviews closed at their due date');
        for (const { reviewId, error } of failed)
          log.error({ reviewId, err: error }, 'access review completion failed; resuming at the next run');
      } catch (error) {
        log.error({ err: error }, 'access review deadline run failed; retrying');
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
