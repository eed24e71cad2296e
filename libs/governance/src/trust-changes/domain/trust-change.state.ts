import type {
  TrustChangeEvent,
  TrustChangeStatus,
  TrustPolicyChangeProposed,
} from './trust-change.events.js';

export interface TrustChangeApproval {
  reviewerArn: string;
  reviewerSources: string[];
  comment?: string;
  approvedAt: string;
}

/** The whole change as its events tell it; the API shows it as is (plus the role ARN). */
export type ExistingTrustChange = TrustPolicyChangeProposed['data'] & {
  status: TrustChangeStatus;
  approvals: TrustChangeApproval[];
  /** Why it ended, for a rejection. */
  reason?: string;
  /** Who ended it: the reviewer who rejected, the proposer who cancelled. */
  endedBy?: string;
  endedAt?: string;
  /** The role's trustPolicyVersion once applied. */
  appliedTrustPolicyVersion?: number;
};

export type TrustChangeState = { status: 'absent' } | ExistingTrustChange;

export const initialTrustChangeState: TrustChangeState = { status: 'absent' };

export function evolveTrustChange(state: TrustChangeState, event: TrustChangeEvent): TrustChangeState {
  if (event.type === 'TrustPolicyChangeProposed')
    return { ...event.data, status: 'PendingReview', approvals: [] };
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'TrustPolicyChangeApproved': {
      const { reviewerArn, reviewerSources, comment, approvedAt } = event.data;
      const approval = {
        reviewerArn,
        reviewerSources,
        ...(comment !== undefined && { comment }),
        approvedAt,
      };
      return { ...state, approvals: [...state.approvals, approval] };
    }
    case 'TrustPolicyChangeRejected': {
      const { reason, reviewerArn, rejectedAt } = event.data;
      return { ...state, status: 'Rejected', reason, endedBy: reviewerArn, endedAt: rejectedAt };
    }
    case 'TrustPolicyChangeCancelled':
      return {
        ...state,
        status: 'Cancelled',
        endedBy: event.data.cancelledBy,
        endedAt: event.data.cancelledAt,
      };
    case 'TrustPolicyChangeExpired':
      return { ...state, status: 'Expired', endedAt: event.data.expiredAt };
    case 'TrustPolicyChangeSuperseded':
      return { ...state, status: 'Superseded', endedAt: event.data.supersededAt };
    case 'TrustPolicyChangeApplied': {
      const { trustPolicyVersion, appliedAt } = event.data;
      return {
        ...state,
        status: 'Applied',
        endedAt: appliedAt,
        appliedTrustPolicyVersion: trustPolicyVersion,
      };
    }
  }
}
