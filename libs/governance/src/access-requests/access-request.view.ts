import type { AccessTarget } from './domain/access-request.events.js';
import type { AccessRequestStatus, ExistingAccessRequest } from './domain/access-request.state.js';

/** A request as the API shows it (ids of principals stay internal; names and ARNs are shown). */
export interface AccessRequestView {
  requestId: string;
  status: AccessRequestStatus;
  requester: { userName: string; arn: string };
  target: Record<string, string>;
  targetArn: string;
  justification: string;
  durationSeconds: number;
  requiredApprovals: number;
  approvals: { userName: string; arn: string; approvedAt: string; comment?: string }[];
  submittedAt: string;
  /** A Pending request expires then. */
  expiresAt: string;
  grantedAt?: string;
  grantExpiresAt?: string;
  denial?: { userName: string; arn: string; reason?: string };
  closedAt?: string;
}

/** The request's target without internal ids, in API.md's request shape. */
export function targetView(target: AccessTarget): Record<string, string> {
  switch (target.type) {
    case 'GroupMembership':
      return { type: target.type, groupName: target.groupName };
    case 'PolicyAttachment':
      return { type: target.type, policyType: target.policyType, policyName: target.policyName };
    case 'RoleAssumption':
      return { type: target.type, roleName: target.roleName };
  }
}

export function accessRequestView(request: ExistingAccessRequest): AccessRequestView {
  const { requestId, status, requester, target, targetArn, justification, durationSeconds } = request;
  const { grant, denial, closedAt } = request;
  return {
    requestId,
    status,
    requester: { userName: requester.userName, arn: requester.arn },
    target: targetView(target),
    targetArn,
    justification,
    durationSeconds,
    requiredApprovals: request.requiredApprovals,
    approvals: request.approvals.map(({ userName, arn, at, comment }) => ({
      userName,
      arn,
      approvedAt: at,
      ...(comment !== undefined && { comment }),
    })),
    submittedAt: request.submittedAt,
    expiresAt: request.expiresAt,
    ...(grant && { grantedAt: grant.grantedAt, grantExpiresAt: grant.expiresAt }),
    ...(denial && {
      denial: {
        userName: denial.userName,
        arn: denial.arn,
        ...(denial.reason !== undefined && { reason: denial.reason }),
      },
    }),
    ...(closedAt !== undefined && { closedAt }),
  };
}
