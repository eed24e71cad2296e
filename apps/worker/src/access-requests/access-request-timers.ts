import { processDueAccessRequests } from '#governance';
import { workerTimer } from '../timers/periodic-task.js';

/**
 * Expires Pending access requests past their deadline and ends granted access at its expiry. Every worker
 * runs it; each request expires or ends once however many race or restart.
 */
export const startAccessRequestTimers = workerTimer('access request timer', async (store, accountId, log) => {
  const { expired, ended } = await processDueAccessRequests(store, accountId);
  if (expired + ended > 0) log.info({ expired, ended }, 'access requests expired or ended');
});
