import { setTimeout as sleep } from 'node:timers/promises';
import { ConcurrentModificationError } from '#event-store';

const ATTEMPTS = 20;

/**
 * Runs a read-decide-append transaction again when another writer appended to the same stream first. Each
 * retry re-reads, so the rule (a limit, a membership) is decided on the state the winner left. Jittered
 * backoff spreads the losers out; after the last attempt the conflict reaches the caller as a 409.
 */
export async function retryOnConflict<T>(work: () => Promise<T>, attempts = ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ConcurrentModificationError) || attempt >= attempts) throw error;
      await sleep(Math.random() * Math.min(50, 2 * attempt));
    }
  }
}
