import type {
  AccessReviewCompleted,
  AccessReviewCompletionStarted,
  AccessReviewEvent,
  AccessReviewItemDecided,
  AccessReviewItemResolved,
  AccessReviewStarted,
  AppliedDecision,
  ReviewItem,
} from './access-review.events.js';

export type ReviewStatus = 'Open' | 'Completing' | 'Completed';

export type AccessReviewState =
  | { status: 'absent' }
  | {
      status: ReviewStatus;
      campaign: AccessReviewStarted['data'];
      items: ReadonlyMap<string, ReviewItem>;
      /** The latest decision per item (decisions change until completion starts). */
      decisions: ReadonlyMap<string, AccessReviewItemDecided['data']>;
      completion?: AccessReviewCompletionStarted['data'];
      applied: ReadonlyMap<string, AppliedDecision>;
      resolutions: ReadonlyMap<string, AccessReviewItemResolved['data']>;
      completed?: AccessReviewCompleted['data'];
    };

export type ExistingReview = Exclude<AccessReviewState, { status: 'absent' }>;

export const initialAccessReviewState: AccessReviewState = { status: 'absent' };

export function evolveAccessReview(state: AccessReviewState, event: AccessReviewEvent): AccessReviewState {
  if (event.type === 'AccessReviewStarted') {
    return {
      status: 'Open',
      campaign: event.data,
      items: new Map(event.data.items.map((item) => [item.itemId, item])),
      decisions: new Map(),
      applied: new Map(),
      resolutions: new Map(),
    };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'AccessReviewItemDecided':
      return { ...state, decisions: new Map(state.decisions).set(event.data.itemId, event.data) };
    case 'AccessReviewCompletionStarted':
      return {
        ...state,
        status: 'Completing',
        completion: event.data,
        applied: new Map(event.data.decisions.map((d) => [d.itemId, d])),
      };
    case 'AccessReviewItemResolved':
      return { ...state, resolutions: new Map(state.resolutions).set(event.data.itemId, event.data) };
    case 'AccessReviewCompleted':
      return { ...state, status: 'Completed', completed: event.data };
  }
}

/** Revoke decisions of a completion that have no resolution yet: what a (resumed) completion still owes. */
export function pendingRevocations(state: ExistingReview): AppliedDecision[] {
  return [...state.applied.values()].filter(
    (d) => d.decision === 'Revoke' && !state.resolutions.has(d.itemId),
  );
}
