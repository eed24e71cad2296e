import type { AccessRequestEvent, AccessTarget, Person } from './access-request.events.js';

export type AccessRequestStatus = 'Pending' | 'Approved' | 'Denied' | 'Cancelled' | 'Expired' | 'Ended';

export interface ExistingAccessRequest {
  status: AccessRequestStatus;
  requestId: string;
  requester: Person;
  target: AccessTarget;
  targetArn: string;
  justification: string;
  durationSeconds: number;
  requiredApprovals: number;
  approvals: (Person & { at: string; comment?: string })[];
  submittedAt: string;
  /** Pending until then. */
  expiresAt: string;
  grant?: { grantedAt: string; expiresAt: string };
  denial?: Person & { reason?: string };
  /** When it left Pending or Approved. */
  closedAt?: string;
}

export type AccessRequestState = { status: 'absent' } | ExistingAccessRequest;

export const initialAccessRequestState: AccessRequestState = { status: 'absent' };

export function evolveAccessRequest(
  state: AccessRequestState,
  event: AccessRequestEvent,
  occurredAt: Date,
): AccessRequestState {
  if (event.type === 'AccessRequestSubmitted') {
    const { requestId, requester, target, targetArn, justification, durationSeconds } = event.data;
    const { requiredApprovals, submittedAt, expiresAt } = event.data;
    return {
      status: 'Pending',
      requestId,
      requester,
      target,
      targetArn,
      justification,
      durationSeconds,
      requiredApprovals,
      approvals: [],
      submittedAt,
      expiresAt,
    };
  }
  if (state.status === 'absent') return state;
  const at = occurredAt.toISOString();
  switch (event.type) {
    case 'AccessRequestApprovalRecorded': {
      const { approver, comment } = event.data;
      const approval = { ...approver, at, ...(comment !== undefined && { comment }) };
      return { ...state, approvals: [...state.approvals, approval] };
    }
    case 'AccessRequestApproved':
      return {
        ...state,
        status: 'Approved',
        grant: { grantedAt: event.data.grantedAt, expiresAt: event.data.expiresAt },
      };
    case 'AccessRequestDenied': {
      const { denier, reason } = event.data;
      const denial = { ...denier, ...(reason !== undefined && { reason }) };
      return { ...state, status: 'Denied', denial, closedAt: at };
    }
    case 'AccessRequestCancelled':
      return { ...state, status: 'Cancelled', closedAt: at };
    case 'AccessRequestExpired':
      return { ...state, status: 'Expired', closedAt: at };
    case 'AccessRequestEnded':
      return { ...state, status: 'Ended', closedAt: at };
  }
}
