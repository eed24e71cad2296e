import { completeDueReviews } from '#governance';
import { workerTimer } from '../timers/periodic-task.js';

/**
 * Closes access reviews at their due date with their default decisions, and resumes any completion a crash
 * interrupted. Every worker runs it; each step of a completion happens once however many race.
 */
export const startAccessReviewDeadlines = workerTimer(
  'access review deadline run',
  async (store, accountId, log) => {
    const { completed, failed } = await completeDueReviews(store, accountId);
    if (completed.length > 0) log.info({ completed }, 'access reviews closed at their due date');
    for (const { reviewId, error } of failed)
      log.error({ reviewId, err: error }, 'access review completion failed; resuming at the next run');
  },
);
