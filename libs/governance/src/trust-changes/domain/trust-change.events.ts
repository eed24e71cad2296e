import type { DomainEvent } from '#event-store';
import type { TrustChangeAnalysis } from '../analysis/trust-change-analysis.js';

export type TrustChangeStatus =
  'PendingReview' | 'Applied' | 'Rejected' | 'Cancelled' | 'Expired' | 'Superseded';

interface ChangeRef {
  changeId: string;
  roleId: string;
  roleName: string;
}

export type TrustPolicyChangeProposed = DomainEvent<
  'TrustPolicyChangeProposed',
  ChangeRef & {
    proposerArn: string;
    /** Who is behind the proposer's role session (from its RoleAssumed), for separation of duties. */
    proposerSources: string[];
    assumeRolePolicyDocument: string;
    justification: string;
    /** The role's trustPolicyVersion the proposal was made against; approvals are bound to it. */
    baseVersion: number;
    analysis: TrustChangeAnalysis;
    requiredApprovals: number;
    proposedAt: string;
    expiresAt: string;
  }
>;
export type TrustPolicyChangeApproved = DomainEvent<
  'TrustPolicyChangeApproved',
  ChangeRef & { reviewerArn: string; reviewerSources: string[]; comment?: string; approvedAt: string }
>;
export type TrustPolicyChangeRejected = DomainEvent<
  'TrustPolicyChangeRejected',
  ChangeRef & { reviewerArn: string; reason: string; rejectedAt: string }
>;
export type TrustPolicyChangeCancelled = DomainEvent<
  'TrustPolicyChangeCancelled',
  ChangeRef & { cancelledBy: string; cancelledAt: string }
>;
export type TrustPolicyChangeExpired = DomainEvent<
  'TrustPolicyChangeExpired',
  ChangeRef & { expiresAt: string; expiredAt: string }
>;
export type TrustPolicyChangeSuperseded = DomainEvent<
  'TrustPolicyChangeSuperseded',
  ChangeRef & { baseVersion: number; currentVersion: number; supersededAt: string }
>;
export type TrustPolicyChangeApplied = DomainEvent<
  'TrustPolicyChangeApplied',
  ChangeRef & { trustPolicyVersion: number; approvers: string[]; appliedAt: string }
>;

export type TrustChangeEvent =
  | TrustPolicyChangeProposed
  | TrustPolicyChangeApproved
  | TrustPolicyChangeRejected
  | TrustPolicyChangeCancelled
  | TrustPolicyChangeExpired
  | TrustPolicyChangeSuperseded
  | TrustPolicyChangeApplied;

export const trustChangeStreamId = (changeId: string) => `trustchange-${changeId}`;

export const TRUST_CHANGE_EVENT_TYPES: ReadonlySet<string> = new Set<TrustChangeEvent['type']>([
  'TrustPolicyChangeProposed',
  'TrustPolicyChangeApproved',
  'TrustPolicyChangeRejected',
  'TrustPolicyChangeCancelled',
  'TrustPolicyChangeExpired',
  'TrustPolicyChangeSuperseded',
  'TrustPolicyChangeApplied',
]);
