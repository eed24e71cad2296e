import { DomainError } from '#common';
import type {
  AccessReviewEvent,
  AccessReviewStarted,
  AppliedDecision,
  AccessReviewItemResolved,
  Decision,
  Outcome,
  ReviewerRef,
} from './access-review.events.js';
import { type AccessReviewState, type ExistingReview, pendingRevocations } from './access-review.state.js';

export type AccessReviewCommand =
  | { type: 'StartAccessReview'; campaign: AccessReviewStarted['data'] }
  | {
      type: 'DecideItem';
      itemId: string;
      decision: Decision;
      comment?: string;
      /** The caller: a RAM user (userId) or another principal that can never be an assigned reviewer. */
      caller: { arn: string; userId?: string };
      now: Date;
    }
  | { type: 'BeginCompletion'; completedBy: string; trigger: 'Request' | 'DueDate'; now: Date }
  | {
      type: 'ResolveItem';
      itemId: string;
      outcome: AccessReviewItemResolved['data']['outcome'];
      revocation?: AccessReviewItemResolved['data']['revocation'];
      now: Date;
    }
  | { type: 'FinishCompletion'; now: Date; nextReviewId?: string };

const SCHEMA = 1;

export function decideAccessReview(
  command: AccessReviewCommand,
  state: AccessReviewState,
): AccessReviewEvent[] {
  if (command.type === 'StartAccessReview') {
    if (state.status !== 'absent')
      throw new DomainError('EntityAlreadyExists.AccessReview', 'The access review already exists', 409);
    return [{ type: 'AccessReviewStarted', schemaVersion: SCHEMA, data: command.campaign }];
  }
  if (state.status === 'absent')
    throw new DomainError('EntityNotExist.AccessReview', 'The access review does not exist', 404);
  const reviewId = state.campaign.reviewId;
  switch (command.type) {
    case 'DecideItem':
      return decideItem(command, state);
    case 'BeginCompletion':
      if (state.status === 'Completed') throw alreadyCompleted();
      if (state.status === 'Completing') return [];
      return [
        {
          type: 'AccessReviewCompletionStarted',
          schemaVersion: SCHEMA,
          data: {
            reviewId,
            completedBy: command.completedBy,
            trigger: command.trigger,
            startedAt: command.now.toISOString(),
            decisions: appliedDecisions(state),
          },
        },
      ];
    case 'ResolveItem': {
      if (state.status !== 'Completing' || state.resolutions.has(command.itemId)) return [];
      const applied = state.applied.get(command.itemId);
      if (applied?.decision !== 'Revoke') return [];
      return [
        {
          type: 'AccessReviewItemResolved',
          schemaVersion: SCHEMA,
          data: {
            reviewId,
            itemId: command.itemId,
            outcome: command.outcome,
            actorArn: revocationActor(applied, state),
            ...(command.revocation && { revocation: command.revocation }),
            resolvedAt: command.now.toISOString(),
          },
        },
      ];
    }
    case 'FinishCompletion':
      if (state.status !== 'Completing') return [];
      if (pendingRevocations(state).length > 0)
        throw new DomainError('ConcurrentModification', 'Revocations of the review are still pending', 409);
      return [
        {
          type: 'AccessReviewCompleted',
          schemaVersion: SCHEMA,
          data: {
            reviewId,
            completedAt: command.now.toISOString(),
            outcomes: countOutcomes(state),
            ...(command.nextReviewId && { nextReviewId: command.nextReviewId }),
          },
        },
      ];
  }
}

function decideItem(
  command: Extract<AccessReviewCommand, { type: 'DecideItem' }>,
  state: ExistingReview,
): AccessReviewEvent[] {
  if (state.status !== 'Open') throw alreadyCompleted();
  const item = state.items.get(command.itemId);
  if (!item)
    throw new DomainError('EntityNotExist.AccessReviewItem', 'The item is not part of this review', 404);
  const { userId } = command.caller;
  // Checked before assignment: a subject is never assigned, and must learn why it is refused.
  if (userId !== undefined && item.subjectUserIds.includes(userId))
    throw new DomainError('ConflictOfInterest', 'Nobody reviews an item about their own access', 403);
  const reviewer: ReviewerRef | undefined = item.reviewers.find((r) => r.userId === userId);
  if (!reviewer)
    throw new DomainError('NoPermission', 'Only a reviewer assigned to the item can decide it', 403);
  const current = state.decisions.get(item.itemId);
  if (
    current?.decision === command.decision &&
    current.comment === command.comment &&
    current.reviewer.userId === reviewer.userId
  )
    return [];
  return [
    {
      type: 'AccessReviewItemDecided',
      schemaVersion: SCHEMA,
      data: {
        reviewId: state.campaign.reviewId,
        itemId: item.itemId,
        decision: command.decision,
        ...(command.comment !== undefined && { comment: command.comment }),
        reviewer,
        decidedAt: command.now.toISOString(),
      },
    },
  ];
}

/**
 * Every item's decision as completion applies it: the reviewer's, else the campaign default. An item nobody
 * could review (flagged) keeps its access and is reported: a default Revoke must not remove access that no
 * eligible person looked at.
 */
function appliedDecisions(state: ExistingReview): AppliedDecision[] {
  return [...state.items.values()].map((item) => {
    const decided = state.decisions.get(item.itemId);
    if (decided)
      return {
        itemId: item.itemId,
        decision: decided.decision,
        source: 'Reviewer',
        reviewerArn: decided.reviewer.arn,
      };
    const decision = item.flag ? 'None' : state.campaign.defaultDecision;
    return { itemId: item.itemId, decision, source: 'Default' };
  });
}

/** A reviewer's Revoke is theirs; a default one belongs to whoever completed the campaign. */
export function revocationActor(applied: AppliedDecision, state: ExistingReview): string {
  return applied.reviewerArn ?? state.completion?.completedBy ?? state.campaign.createdBy;
}

function countOutcomes(state: ExistingReview): Record<Outcome, number> {
  const counts: Record<Outcome, number> = {
    Revoked: 0,
    AlreadyRemoved: 0,
    ChangedSinceSnapshot: 0,
    Kept: 0,
    LeftAsIs: 0,
  };
  for (const applied of state.applied.values()) counts[outcomeOf(applied, state)]++;
  return counts;
}

export function outcomeOf(applied: AppliedDecision, state: ExistingReview): Outcome {
  if (applied.decision === 'Keep') return 'Kept';
  if (applied.decision === 'None') return 'LeftAsIs';
  return state.resolutions.get(applied.itemId)?.outcome ?? 'LeftAsIs';
}

const alreadyCompleted = () =>
  new DomainError('InvalidStatus.AccessReview', 'The access review is completed; decisions are final', 409);
