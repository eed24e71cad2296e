import { deciderSpec } from '#common/testing';
import { type AccessReviewCommand, decideAccessReview } from './access-review.decider.js';
import type {
  AccessReviewEvent,
  AccessReviewStarted,
  DefaultDecision,
  ReviewerRef,
  ReviewItem,
} from './access-review.events.js';
import {
  type AccessReviewState,
  evolveAccessReview,
  initialAccessReviewState,
} from './access-review.state.js';

const spec = deciderSpec<AccessReviewCommand, AccessReviewEvent, AccessReviewState>({
  decide: decideAccessReview,
  evolve: evolveAccessReview,
  initialState: initialAccessReviewState,
});

const NOW = new Date('2026-03-01T10:00:00.000Z');
const reviewer = (name: string): ReviewerRef => ({
  userId: `u-${name}`,
  userName: name,
  arn: `acs:ram::1:user/${name}`,
});
const [ann, ben, alice] = [reviewer('ann'), reviewer('ben'), reviewer('alice')];

const item = (itemId: string, subject: ReviewerRef, reviewers: ReviewerRef[]): ReviewItem => ({
  itemId,
  type: 'GroupMembership',
  itemKey: `GroupMembership:g-ops:${subject.userId}`,
  grantRef: 'position:7',
  subject: { kind: 'User', id: subject.userId, name: subject.userName, arn: subject.arn },
  target: { groupId: 'g-ops', groupName: 'ops' },
  subjectUserIds: [subject.userId],
  reviewers,
  ...(reviewers.length === 0 && { flag: 'NoEligibleReviewer' as const }),
  evidence: {
    obtainedVia: 'DirectGrant',
    grantedBy: 'acs:ram::1:root',
    grantedAt: NOW.toISOString(),
    grantPosition: 7,
  },
});
// Alice's membership is reviewed by ann and ben; ann's own membership only by ben; ben's by nobody else.
const items = [item('i-alice', alice, [ann, ben]), item('i-ann', ann, [ben]), item('i-ben', ben, [])];

const started = (defaultDecision: DefaultDecision = 'None'): AccessReviewStarted => ({
  type: 'AccessReviewStarted',
  schemaVersion: 1,
  data: {
    reviewId: 'r-1',
    name: 'Q1',
    scope: { types: ['GroupMembership'] },
    reviewerMode: 'users',
    reviewerUserNames: ['ann', 'ben'],
    dueAt: '2026-04-01T00:00:00.000Z',
    defaultDecision,
    createdBy: 'acs:ram::1:root',
    startedAt: NOW.toISOString(),
    snapshot: { position: 9, transactionId: '700', itemsDigest: 'd' },
    items,
  },
});
const decide = (
  itemId: string,
  by: ReviewerRef,
  decision: 'Keep' | 'Revoke',
  comment?: string,
): AccessReviewCommand => ({
  type: 'DecideItem',
  itemId,
  decision,
  ...(comment && { comment }),
  caller: { arn: by.arn, userId: by.userId },
  now: NOW,
});
const decided = (
  itemId: string,
  by: ReviewerRef,
  decision: 'Keep' | 'Revoke',
  comment?: string,
): AccessReviewEvent => ({
  type: 'AccessReviewItemDecided',
  schemaVersion: 1,
  data: {
    reviewId: 'r-1',
    itemId,
    decision,
    ...(comment && { comment }),
    reviewer: by,
    decidedAt: NOW.toISOString(),
  },
});
const begin: AccessReviewCommand = {
  type: 'BeginCompletion',
  completedBy: 'acs:ram::1:root',
  trigger: 'Request',
  now: NOW,
};
const completionStarted = (decisions: object[]): AccessReviewEvent =>
  ({
    type: 'AccessReviewCompletionStarted',
    schemaVersion: 1,
    data: {
      reviewId: 'r-1',
      completedBy: 'acs:ram::1:root',
      trigger: 'Request',
      startedAt: NOW.toISOString(),
      decisions,
    },
  }) as AccessReviewEvent;

describe('access review decider', () => {
  it('lets an assigned reviewer decide, and change the decision until completion', () => {
    spec
      .given([started()])
      .when(decide('i-alice', ann, 'Keep'))
      .then([decided('i-alice', ann, 'Keep')]);
    spec
      .given([started(), decided('i-alice', ann, 'Keep')])
      .when(decide('i-alice', ben, 'Revoke', 'left the team'))
      .then([decided('i-alice', ben, 'Revoke', 'left the team')]);
    spec
      .given([started(), decided('i-alice', ann, 'Keep')])
      .when(decide('i-alice', ann, 'Keep'))
      .thenNothingHappens();
  });

  it('refuses self-review, an unassigned reviewer, an unknown item and a missing review', () => {
    spec
      .given([started()])
      .when(decide('i-ann', ann, 'Keep'))
      .thenThrows('ConflictOfInterest');
    spec
      .given([started()])
      .when(decide('i-ann', alice, 'Keep'))
      .thenThrows('NoPermission');
    spec
      .given([started()])
      .when(decide('i-alice', alice, 'Keep'))
      .thenThrows('ConflictOfInterest');
    spec
      .given([started()])
      .when(decide('i-nope', ann, 'Keep'))
      .thenThrows('EntityNotExist.AccessReviewItem');
    spec
      .given([])
      .when(decide('i-alice', ann, 'Keep'))
      .thenThrows('EntityNotExist.AccessReview');
  });

  it('freezes decisions at completion: reviewers first, the default for the rest, None for flagged items', () => {
    spec
      .given([started('Revoke'), decided('i-alice', ann, 'Keep')])
      .when(begin)
      .then([
        completionStarted([
          { itemId: 'i-alice', decision: 'Keep', source: 'Reviewer', reviewerArn: ann.arn },
          { itemId: 'i-ann', decision: 'Revoke', source: 'Default' },
          { itemId: 'i-ben', decision: 'None', source: 'Default' },
        ]),
      ]);
  });

  it('refuses decisions once completion started, and a second completion after it finished', () => {
    const frozen = completionStarted([{ itemId: 'i-alice', decision: 'Keep', source: 'Default' }]);
    spec
      .given([started(), frozen])
      .when(decide('i-alice', ann, 'Revoke'))
      .thenThrows('InvalidStatus.AccessReview');
    spec.given([started(), frozen]).when(begin).thenNothingHappens();
    const done: AccessReviewEvent = {
      type: 'AccessReviewCompleted',
      schemaVersion: 1,
      data: {
        reviewId: 'r-1',
        completedAt: NOW.toISOString(),
        outcomes: { Revoked: 0, AlreadyRemoved: 0, ChangedSinceSnapshot: 0, Kept: 1, LeftAsIs: 0 },
      },
    };
    spec.given([started(), frozen, done]).when(begin).thenThrows('InvalidStatus.AccessReview');
  });

  it('resolves each Revoke once, attributed to its reviewer, and finishes only when none is pending', () => {
    const frozen = completionStarted([
      { itemId: 'i-alice', decision: 'Revoke', source: 'Reviewer', reviewerArn: ben.arn },
      { itemId: 'i-ann', decision: 'Keep', source: 'Reviewer', reviewerArn: ben.arn },
      { itemId: 'i-ben', decision: 'None', source: 'Default' },
    ]);
    const revocation = { streamId: 'user-u-alice', eventType: 'UserRemovedFromGroup', position: 12 };
    const resolve: AccessReviewCommand = {
      type: 'ResolveItem',
      itemId: 'i-alice',
      outcome: 'Revoked',
      revocation,
      now: NOW,
    };
    const resolved: AccessReviewEvent = {
      type: 'AccessReviewItemResolved',
      schemaVersion: 1,
      data: {
        reviewId: 'r-1',
        itemId: 'i-alice',
        outcome: 'Revoked',
        actorArn: ben.arn,
        revocation,
        resolvedAt: NOW.toISOString(),
      },
    };
    const finish: AccessReviewCommand = { type: 'FinishCompletion', now: NOW };
    spec.given([started(), frozen]).when(resolve).then([resolved]);
    spec.given([started(), frozen, resolved]).when(resolve).thenNothingHappens();
    spec.given([started(), frozen]).when(finish).thenThrows('ConcurrentModification');
    spec
      .given([started(), frozen, resolved])
      .when(finish)
      .then([
        {
          type: 'AccessReviewCompleted',
          schemaVersion: 1,
          data: {
            reviewId: 'r-1',
            completedAt: NOW.toISOString(),
            outcomes: { Revoked: 1, AlreadyRemoved: 0, ChangedSinceSnapshot: 0, Kept: 1, LeftAsIs: 1 },
          },
        },
      ]);
  });

  it('a default Revoke belongs to whoever completed the campaign', () => {
    const frozen = completionStarted([{ itemId: 'i-ann', decision: 'Revoke', source: 'Default' }]);
    const resolve: AccessReviewCommand = {
      type: 'ResolveItem',
      itemId: 'i-ann',
      outcome: 'AlreadyRemoved',
      now: NOW,
    };
    spec
      .given([started('Revoke'), frozen])
      .when(resolve)
      .then([
        {
          type: 'AccessReviewItemResolved',
          schemaVersion: 1,
          data: {
            reviewId: 'r-1',
            itemId: 'i-ann',
            outcome: 'AlreadyRemoved',
            actorArn: 'acs:ram::1:root',
            resolvedAt: NOW.toISOString(),
          },
        },
      ]);
  });
});
