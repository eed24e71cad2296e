import { randomUUID } from 'node:crypto';
import type { EventStore } from '#event-store';
import { serviceActorArn } from '#identity';
import { completeReview } from './complete-review.js';

/**
 * Closes every campaign whose due date has passed with its default decisions, as the service, and resumes
 * every completion a crash interrupted (started by a request or by a timer). Any number of workers may run
 * it: completion is exactly-once per step, and a resumed Revoke keeps the actor it was decided with.
 */
export async function completeDueReviews(
  store: EventStore,
  accountId: string,
  now: () => Date = () => new Date(),
  maxPerRun = 20,
): Promise<{ completed: string[]; failed: { reviewId: string; error: unknown }[] }> {
  const { rows } = await store.db.query<{ review_id: string }>(
    `SELECT review_id FROM access_reviews
     WHERE status = 'Completing' OR (status = 'Open' AND due_at <= $1)
     ORDER BY due_at LIMIT $2`,
    [now(), maxPerRun],
  );
  const completed: string[] = [];
  const failed: { reviewId: string; error: unknown }[] = [];
  // One campaign failing (its database writes refused) must not hold back the others due after it.
  for (const { review_id: reviewId } of rows) {
    const requestId = randomUUID();
    const meta = {
      now: now(),
      accountId,
      actorArn: serviceActorArn(accountId),
      requestId,
      correlationId: requestId,
    };
    try {
      await completeReview(store, reviewId, meta, 'DueDate');
      completed.push(reviewId);
    } catch (error) {
      failed.push({ reviewId, error });
    }
  }
  return { completed, failed };
}
