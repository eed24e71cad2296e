import type { DomainEvent } from '#event-store';

/** `accessreview-<reviewId>`: the campaign, its frozen items, every decision and how each was applied. */
export const accessReviewStreamId = (reviewId: string) => `accessreview-${reviewId}`;

export const ITEM_TYPES = ['GroupMembership', 'PolicyAttachment', 'RoleTrust', 'AccessKey'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
export type Decision = 'Keep' | 'Revoke';
export type DefaultDecision = Decision | 'None';

export interface ReviewScope {
  types: ItemType[];
  groupNames?: string[];
  policyNames?: string[];
  roleNames?: string[];
}

export interface ReviewerRef {
  userId: string;
  userName: string;
  arn: string;
}

/** How the access came to be, from the event that granted it (never a secret). */
export interface ItemEvidence {
  obtainedVia: 'AccessRequest' | 'DirectGrant';
  accessRequestId?: string;
  approvers?: string[];
  grantedBy: string;
  grantedAt: string;
  /** Global position of the granting event: the access's identity in the log. */
  grantPosition: number;
  lastUsedDate?: string;
  ageDays?: number;
  /** Against the last certified campaign of the same scope; absent when there is none. */
  changeSinceLastCertified?: 'New' | 'Changed' | 'Unchanged';
}

/** One certified fact of the snapshot. `grantRef` identifies this very grant (a later re-grant differs). */
export interface ReviewItem {
  itemId: string;
  type: ItemType;
  itemKey: string;
  grantRef: string;
  /** Whose access it is. */
  subject: { kind: 'User' | 'Group' | 'Role' | 'Principal'; id?: string; name: string; arn?: string };
  /** What it gives: the group, the policy, the role, the key. */
  target: Record<string, string>;
  /** Users for whom this item is their own access: they may not review it. */
  subjectUserIds: string[];
  reviewers: ReviewerRef[];
  /** Set when every candidate reviewer was excluded (self-review) or none exists: left open, reported. */
  flag?: 'NoEligibleReviewer';
  evidence: ItemEvidence;
}

export interface SnapshotRef {
  /** Global position of the last event folded; with the transaction id, a commit-order checkpoint. */
  position: number;
  transactionId: string;
  /** SHA-256 over the items' keys and grant references: recomputable from the log up to the checkpoint. */
  itemsDigest: string;
}

export type AccessReviewStarted = DomainEvent<
  'AccessReviewStarted',
  {
    reviewId: string;
    name: string;
    scope: ReviewScope;
    reviewerMode: 'owners' | 'users';
    reviewerUserNames?: string[];
    dueAt: string;
    defaultDecision: DefaultDecision;
    recurrence?: 'Quarterly';
    createdBy: string;
    startedAt: string;
    snapshot: SnapshotRef;
    previousCertifiedReviewId?: string;
    items: ReviewItem[];
  }
>;

export type AccessReviewItemDecided = DomainEvent<
  'AccessReviewItemDecided',
  {
    reviewId: string;
    itemId: string;
    decision: Decision;
    comment?: string;
    reviewer: ReviewerRef;
    decidedAt: string;
  }
>;

export interface AppliedDecision {
  itemId: string;
  decision: DefaultDecision;
  source: 'Reviewer' | 'Default';
  reviewerArn?: string;
}

/** Freezes the decisions: nothing can change them after this, so completion can resume after a crash. */
export type AccessReviewCompletionStarted = DomainEvent<
  'AccessReviewCompletionStarted',
  {
    reviewId: string;
    completedBy: string;
    trigger: 'Request' | 'DueDate';
    startedAt: string;
    decisions: AppliedDecision[];
  }
>;

export type Outcome = 'Revoked' | 'AlreadyRemoved' | 'ChangedSinceSnapshot' | 'Kept' | 'LeftAsIs';

/** A Revoke applied (or found unnecessary), written in the transaction of the revoking event. */
export type AccessReviewItemResolved = DomainEvent<
  'AccessReviewItemResolved',
  {
    reviewId: string;
    itemId: string;
    outcome: Extract<Outcome, 'Revoked' | 'AlreadyRemoved' | 'ChangedSinceSnapshot'>;
    actorArn: string;
    /** The revoking identity event, when one was written. */
    revocation?: { streamId: string; eventType: string; position: number };
    resolvedAt: string;
  }
>;

export type AccessReviewCompleted = DomainEvent<
  'AccessReviewCompleted',
  { reviewId: string; completedAt: string; outcomes: Record<Outcome, number>; nextReviewId?: string }
>;

export type AccessReviewEvent =
  | AccessReviewStarted
  | AccessReviewItemDecided
  | AccessReviewCompletionStarted
  | AccessReviewItemResolved
  | AccessReviewCompleted;
