import type { EventStoreTransaction } from '#event-store';
import { readStreamState, type StreamState } from '#identity';
import { type AccessReviewEvent, accessReviewStreamId } from './domain/access-review.events.js';
import {
  type AccessReviewState,
  evolveAccessReview,
  type ExistingReview,
  initialAccessReviewState,
} from './domain/access-review.state.js';
import { DomainError } from '#common';

/** The campaign's stream folded, with the version the next append must expect. */
export const loadReview = (
  tx: EventStoreTransaction,
  reviewId: string,
): Promise<StreamState<AccessReviewState>> =>
  readStreamState(
    tx,
    accessReviewStreamId(reviewId),
    (state, event) => evolveAccessReview(state, event as AccessReviewEvent),
    initialAccessReviewState,
  );

export function requireReview(state: AccessReviewState): ExistingReview {
  if (state.status === 'absent')
    throw new DomainError('EntityNotExist.AccessReview', 'The access review does not exist', 404);
  return state;
}

/** Review ids are UUIDs; anything else cannot name one (and must not reach a uuid column). */
export function checkReviewId(reviewId: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(reviewId))
    throw new DomainError('EntityNotExist.AccessReview', 'The access review does not exist', 404);
  return reviewId.toLowerCase();
}
