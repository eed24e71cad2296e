import { expireDueTrustChanges } from '#governance';
import { workerTimer } from '../timers/periodic-task.js';

/**
 * Ends pending trust-policy changes past their expiry (7 days by default). Any number of workers may run it:
 * each proposal expires exactly once, and a restart resumes from the table.
 */
export const startTrustChangeExpiry = workerTimer(
  'trust-policy change expiry',
  async (store, accountId, log) => {
    const expired = await expireDueTrustChanges(store, accountId);
    if (expired > 0) log.info({ expired }, 'trust-policy changes expired');
  },
);
