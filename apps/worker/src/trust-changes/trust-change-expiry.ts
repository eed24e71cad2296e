import { expireDueTrustChanges } from '#governance';
import { startPeriodicTask, TIMER_INTERVAL_MS, type TimerStarter } from '../timers/periodic-task.js';

/**
 * Ends pending trust-policy changes past their expiry (7 days by default). Any number of workers may run it:
 * each proposal expires exactly once, and a restart resumes from the table.
 */
export const startTrustChangeExpiry: TimerStarter = (store, accountId, log, intervalMs = TIMER_INTERVAL_MS) =>
  startPeriodicTask(
    'trust-policy change expiry',
    async () => {
      const expired = await expireDueTrustChanges(store, accountId);
      if (expired > 0) log.info({ expired }, 'trust-policy changes expired');
    },
    log,
    intervalMs,
  );
