import { processDueAccessRequests } from '#governance';
import { startPeriodicTask, TIMER_INTERVAL_MS, type TimerStarter } from '../timers/periodic-task.js';

/**
 * Expires Pending access requests past their deadline and ends granted access at its expiry. Every worker
 * runs it; each request expires or ends once however many race or restart.
 */
export const startAccessRequestTimers: TimerStarter = (
  store,
  accountId,
  log,
  intervalMs = TIMER_INTERVAL_MS,
) =>
  startPeriodicTask(
    'access request timer',
    async () => {
      const { expired, ended } = await processDueAccessRequests(store, accountId);
      if (expired + ended > 0) log.info({ expired, ended }, 'access requests expired or ended');
    },
    log,
    intervalMs,
  );
