import type { DomainEvent } from '#event-store';

/** What is requested, with the ids the grant is issued against (names as spelt at submission). */
export type AccessTarget =
  | { type: 'GroupMembership'; groupId: string; groupName: string }
  | { type: 'PolicyAttachment'; policyType: 'System' | 'Custom'; policyName: string; policyId?: string }
  | { type: 'RoleAssumption'; roleId: string; roleName: string };

export type AccessTargetType = AccessTarget['type'];

export interface Person {
  userId: string;
  userName: string;
  arn: string;
}

/**
 * Carried by every request event, so that a notification consumer (chat, mail) needs no lookup to say who
 * asked for what.
 */
export interface RequestSubject {
  requestId: string;
  requesterName: string;
  target: AccessTarget;
  targetArn: string;
}

export type AccessRequestSubmitted = DomainEvent<
  'AccessRequestSubmitted',
  RequestSubject & {
    requester: Person;
    justification: string;
    durationSeconds: number;
    requiredApprovals: number;
    submittedAt: string;
    /** When the request expires if not decided. */
    expiresAt: string;
  }
>;
export type AccessRequestApprovalRecorded = DomainEvent<
  'AccessRequestApprovalRecorded',
  RequestSubject & { approver: Person; comment?: string; approvals: number; requiredApprovals: number }
>;
/** The grant is issued in the same transaction; its clock starts here, not at submission. */
export type AccessRequestApproved = DomainEvent<
  'AccessRequestApproved',
  RequestSubject & { grantedAt: string; expiresAt: string; approvers: string[] }
>;
export type AccessRequestDenied = DomainEvent<
  'AccessRequestDenied',
  RequestSubject & { denier: Person; reason?: string }
>;
export type AccessRequestCancelled = DomainEvent<'AccessRequestCancelled', RequestSubject>;
export type AccessRequestExpired = DomainEvent<
  'AccessRequestExpired',
  RequestSubject & { expiredAt: string }
>;
/** The time-bound grant ran out; the identity event that removed access (if any) names the request too. */
export type AccessRequestEnded = DomainEvent<'AccessRequestEnded', RequestSubject & { endedAt: string }>;

export type AccessRequestEvent =
  | AccessRequestSubmitted
  | AccessRequestApprovalRecorded
  | AccessRequestApproved
  | AccessRequestDenied
  | AccessRequestCancelled
  | AccessRequestExpired
  | AccessRequestEnded;

export const accessRequestStreamId = (requestId: string) => `accessrequest-${requestId}`;
