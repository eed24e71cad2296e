import type { CommandMetadata } from '#common';
import { type EventStore, type EventStoreTransaction, stampEvents } from '#event-store';
import { retryOnConflict } from '#identity';
import {
  type AccessReviewCommand,
  decideAccessReview,
  revocationActor,
} from '../domain/access-review.decider.js';
import { accessReviewStreamId, type AppliedDecision } from '../domain/access-review.events.js';
import { type ExistingReview, pendingRevocations } from '../domain/access-review.state.js';
import { loadReview, requireReview } from '../access-review.stream.js';
import { revokeItem } from '../revoke/revoke-item.js';
import { startNextCampaign } from './next-campaign.js';

export type CompletionTrigger = 'Request' | 'DueDate';

/**
 * Completes a campaign in steps that each commit on their own, so a crash anywhere leaves a state the next
 * call (a repeated request, or the due-date timer) resumes from:
 * 1. `AccessReviewCompletionStarted` freezes every item's decision (the reviewer's or the default);
 * 2. each Revoke is applied in one transaction with its `AccessReviewItemResolved`, at the review stream's
 *    expected version, so two completers racing on an item cannot both revoke it;
 * 3. `AccessReviewCompleted`, with the next quarter's campaign started in the same transaction.
 */
export async function completeReview(
  store: EventStore,
  reviewId: string,
  meta: CommandMetadata,
  trigger: CompletionTrigger,
): Promise<{ review: ExistingReview; position: number }> {
  let position = await begin(store, reviewId, meta, {
    type: 'BeginCompletion',
    completedBy: meta.actorArn,
    trigger,
    now: meta.now,
  });
  const started = requireReview((await store.transaction((tx) => loadReview(tx, reviewId))).state);
  for (const applied of pendingRevocations(started))
    position = Math.max(position, await resolve(store, reviewId, applied, meta));
  position = Math.max(position, await finish(store, reviewId, meta));
  const done = await store.transaction((tx) => loadReview(tx, reviewId));
  return { review: requireReview(done.state), position: Math.max(position, done.position) };
}

/** Freezes the decisions; the campaign row follows the status. Nothing to do when already completing. */
function begin(store: EventStore, reviewId: string, meta: CommandMetadata, command: AccessReviewCommand) {
  return retryOnConflict(() =>
    store.transaction(async (tx) => {
      const review = await loadReview(tx, reviewId);
      const events = decideAccessReview(command, review.state);
      if (events.length === 0) return review.position;
      await tx.client.query(`UPDATE access_reviews SET status = 'Completing' WHERE review_id = $1`, [
        reviewId,
      ]);
      return appendToReview(tx, reviewId, review.expectedVersion, events, meta);
    }),
  );
}

function resolve(store: EventStore, reviewId: string, applied: AppliedDecision, meta: CommandMetadata) {
  return retryOnConflict(() =>
    store.transaction(async (tx) => {
      const review = await loadReview(tx, reviewId);
      const state = requireReview(review.state);
      if (state.resolutions.has(applied.itemId)) return review.position;
      const actorArn = revocationActor(applied, state);
      const resolution = await revokeItem(tx, state.items.get(applied.itemId)!, {
        meta: { ...meta, actorArn },
        accessReviewId: reviewId,
        itemId: applied.itemId,
      });
      const events = decideAccessReview(
        { type: 'ResolveItem', itemId: applied.itemId, ...resolution, now: meta.now },
        state,
      );
      const position = await appendToReview(tx, reviewId, review.expectedVersion, events, meta);
      return Math.max(position, resolution.revocation?.position ?? 0);
    }),
  );
}

function finish(store: EventStore, reviewId: string, meta: CommandMetadata) {
  return retryOnConflict(() =>
    store.transaction(async (tx) => {
      const review = await loadReview(tx, reviewId);
      const state = requireReview(review.state);
      if (state.status !== 'Completing') return review.position;
      // The successor first: its snapshot is read before this transaction writes anything.
      const next = state.campaign.recurrence ? await startNextCampaign(store, tx, state, meta) : undefined;
      await tx.client.query(
        `UPDATE access_reviews SET status = 'Completed', completed_at = $2 WHERE review_id = $1`,
        [reviewId, meta.now],
      );
      const events = decideAccessReview(
        { type: 'FinishCompletion', now: meta.now, ...(next && { nextReviewId: next }) },
        state,
      );
      return appendToReview(tx, reviewId, review.expectedVersion, events, meta);
    }),
  );
}

async function appendToReview(
  tx: EventStoreTransaction,
  reviewId: string,
  expectedVersion: number | 'none' | 'any',
  events: ReturnType<typeof decideAccessReview>,
  meta: CommandMetadata,
): Promise<number> {
  const stored = await tx.append(accessReviewStreamId(reviewId), expectedVersion, stampEvents(events, meta));
  return stored.at(-1)?.position ?? 0;
}
