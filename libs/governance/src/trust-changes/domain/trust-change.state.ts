import type {
  TrustChangeEvent,
  TrustChangeStatus,
  TrustPolicyChangeProposed,
} from './trust-change.events.js';

export type ExistingTrustChange = Omit<TrustPolicyChangeProposed['data'], 'analysis'> & {
  status: TrustChangeStatus;
  /** Principal ARNs the change lets assume the role (from the analysis): they may not approve it. */
  beneficiaries: string[];
  approvers: string[];
  /** Why it ended, for a rejection. */
  reason?: string;
  endedAt?: string;
};

export type TrustChangeState = { status: 'absent' } | ExistingTrustChange;

export const initialTrustChangeState: TrustChangeState = { status: 'absent' };

export function evolveTrustChange(state: TrustChangeState, event: TrustChangeEvent): TrustChangeState {
  if (event.type === 'TrustPolicyChangeProposed') {
    const { analysis, ...proposal } = event.data;
    return {
      ...proposal,
      status: 'PendingReview',
      beneficiaries: analysis.gainedAccess.map((g) => g.principalArn),
      approvers: [],
    };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'TrustPolicyChangeApproved':
      return { ...state, approvers: [...state.approvers, event.data.reviewerArn] };
    case 'TrustPolicyChangeRejected':
      return { ...state, status: 'Rejected', reason: event.data.reason, endedAt: event.data.rejectedAt };
    case 'TrustPolicyChangeCancelled':
      return { ...state, status: 'Cancelled', endedAt: event.data.cancelledAt };
    case 'TrustPolicyChangeExpired':
      return { ...state, status: 'Expired', endedAt: event.data.expiredAt };
    case 'TrustPolicyChangeSuperseded':
      return { ...state, status: 'Superseded', endedAt: event.data.supersededAt };
    case 'TrustPolicyChangeApplied':
      return { ...state, status: 'Applied', endedAt: event.data.appliedAt };
  }
}
