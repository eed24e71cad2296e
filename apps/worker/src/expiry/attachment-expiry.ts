import { expireDueAttachments } from '#identity';
import { workerTimer } from '../timers/periodic-task.js';

/**
 * Ends time-bound grants by themselves: about every second, every due grant gets PolicyAttachmentExpired
 * (API.md: within 5 s of its expiry). Any number of workers may run it; each grant ends exactly once.
 */
export const startAttachmentExpiry = workerTimer('grant expiry', async (store, accountId, log) => {
  const ended = await expireDueAttachments(store, accountId);
  if (ended > 0) log.info({ ended }, 'time-bound grants ended');
});
