import { randomUUID } from 'node:crypto';
import type { EventStore } from '#event-store';
import { serviceActorArn } from '#identity';
import { completeReview } from './complete-review.js';

/**
 * Closes every campaign whose due date has passed with its default decisions, as the service. Also resumes
 * a completion a crash interrupted. Any number of workers may run it: completion is exactly-once per step.
 */
export async function completeDueReviews(
  store: EventStore,
  accountId: string,
  now: () => Date = () => new Date(),
  maxPerRun = 20,
): Promise<string[]> {
  const { rows } = await store.db.query<{ review_id: string }>(
    `SELECT review_id FROM access_reviews WHERE status <> 'Completed' AND due_at <= $1
     ORDER BY due_at LIMIT $2`,
    [now(), maxPerRun],
  );
  const completed: string[] = [];
  for (const { review_id: reviewId } of rows) {
    const requestId = randomUUID();
    const meta = {
      now: now(),
      accountId,
      actorArn: serviceActorArn(accountId),
      requestId,
      correlationId: requestId,
    };
    await completeReview(store, reviewId, meta, 'DueDate');
    completed.push(reviewId);
  }
  return completed;
}
