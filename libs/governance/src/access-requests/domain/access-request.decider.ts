import { DomainError, invalidParameter } from '#common';
import type { AccessRequestEvent, AccessTarget, Person, RequestSubject } from './access-request.events.js';
import type { AccessRequestState, ExistingAccessRequest } from './access-request.state.js';

/** The configurable rules a submission is held to (access-request.settings.ts). */
export interface SubmissionRules {
  maxDurationSeconds: number;
  justificationPattern: RegExp;
  pendingExpirySeconds: number;
}

export type AccessRequestCommand =
  | {
      type: 'SubmitAccessRequest';
      requestId: string;
      requester: Person;
      target: AccessTarget;
      targetArn: string;
      durationSeconds: number;
      justification: string;
      requiredApprovals: number;
      rules: SubmissionRules;
      now: Date;
    }
  | { type: 'ApproveAccessRequest'; approver: Person; comment?: string; now: Date }
  | { type: 'DenyAccessRequest'; denier: Person; reason?: string; now: Date }
  | { type: 'CancelAccessRequest'; caller: Pick<Person, 'userId'>; now: Date }
  | { type: 'ExpireAccessRequest'; now: Date }
  | { type: 'EndAccessRequest'; now: Date };

const event = <E extends AccessRequestEvent>(type: E['type'], data: E['data']) =>
  ({ type, schemaVersion: 1, data }) as E;

/**
 * One access request's life: Pending → Approved (grant in force) → Ended, or Pending → Denied / Cancelled /
 * Expired. Separation of duties is decided here; who may decide at all (owner, or holder of
 * `ram:ApproveAccessRequest`) is checked by the handler against the owners table it locks.
 */
export function decideAccessRequest(
  command: AccessRequestCommand,
  state: AccessRequestState,
): AccessRequestEvent[] {
  if (command.type === 'SubmitAccessRequest') return submit(command, state);
  if (state.status === 'absent') {
    throw new DomainError('EntityNotExist.AccessRequest', 'The access request does not exist', 404);
  }
  const subject = subjectOf(state);
  switch (command.type) {
    case 'ApproveAccessRequest':
      return approve(command, requirePending(state, command.now), subject);
    case 'DenyAccessRequest': {
      const request = requirePending(state, command.now);
      refuseRequester(request, command.denier, 'deny');
      const { denier, reason } = command;
      return [event('AccessRequestDenied', { ...subject, denier, ...(reason !== undefined && { reason }) })];
    }
    case 'CancelAccessRequest': {
      const request = requirePending(state, command.now);
      if (request.requester.userId !== command.caller.userId) {
        throw new DomainError('NoPermission', 'Only the requester can cancel an access request', 403);
      }
      return [event('AccessRequestCancelled', subject)];
    }
    case 'ExpireAccessRequest':
      if (state.status !== 'Pending' || new Date(state.expiresAt) > command.now) return [];
      return [event('AccessRequestExpired', { ...subject, expiredAt: command.now.toISOString() })];
    case 'EndAccessRequest':
      if (state.status !== 'Approved' || new Date(state.grant!.expiresAt) > command.now) return [];
      return [event('AccessRequestEnded', { ...subject, endedAt: command.now.toISOString() })];
  }
}

function submit(
  command: Extract<AccessRequestCommand, { type: 'SubmitAccessRequest' }>,
  state: AccessRequestState,
): AccessRequestEvent[] {
  if (state.status !== 'absent') {
    throw new DomainError('EntityAlreadyExists.AccessRequest', 'The access request id is taken', 409);
  }
  const { rules, durationSeconds, justification, now } = command;
  if (
    !Number.isInteger(durationSeconds) ||
    durationSeconds < 1 ||
    durationSeconds > rules.maxDurationSeconds
  ) {
    throw invalidParameter(
      'DurationSeconds',
      `durationSeconds must be an integer from 1 to ${rules.maxDurationSeconds}`,
    );
  }
  if (!justification.trim() || !rules.justificationPattern.test(justification)) {
    throw invalidParameter(
      'Justification',
      `justification must match ${rules.justificationPattern.source} (e.g. a ticket id)`,
    );
  }
  const { requestId, requester, target, targetArn, requiredApprovals } = command;
  return [
    event('AccessRequestSubmitted', {
      requestId,
      requesterName: requester.userName,
      target,
      targetArn,
      requester,
      justification,
      durationSeconds,
      requiredApprovals,
      submittedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + rules.pendingExpirySeconds * 1000).toISOString(),
    }),
  ];
}

function approve(
  command: Extract<AccessRequestCommand, { type: 'ApproveAccessRequest' }>,
  request: ExistingAccessRequest,
  subject: RequestSubject,
): AccessRequestEvent[] {
  const { approver, comment, now } = command;
  refuseRequester(request, approver, 'approve');
  if (request.approvals.some((a) => a.userId === approver.userId)) {
    throw new DomainError(
      'ApprovalAlreadyRecorded',
      `${approver.userName} has already approved this request; each approver counts once`,
      409,
    );
  }
  const approvals = request.approvals.length + 1;
  const { requiredApprovals } = request;
  const recorded = event('AccessRequestApprovalRecorded', {
    ...subject,
    approver,
    ...(comment !== undefined && { comment }),
    approvals,
    requiredApprovals,
  });
  if (approvals < requiredApprovals) return [recorded];
  // The access clock starts at the approval that issues the grant, not at submission.
  const expiresAt = new Date(now.getTime() + request.durationSeconds * 1000).toISOString();
  const approvers = [...request.approvals.map((a) => a.arn), approver.arn];
  return [
    recorded,
    event('AccessRequestApproved', { ...subject, grantedAt: now.toISOString(), expiresAt, approvers }),
  ];
}

function requirePending(state: ExistingAccessRequest, now: Date): ExistingAccessRequest {
  if (state.status === 'Pending' && new Date(state.expiresAt) <= now) {
    throw new DomainError('AccessRequestExpired', 'The access request expired before it was decided', 409);
  }
  if (state.status !== 'Pending') {
    throw new DomainError(
      'AccessRequestNotPending',
      `The access request is ${state.status}; only a Pending request can be decided or cancelled`,
      409,
    );
  }
  return state;
}

function refuseRequester(request: ExistingAccessRequest, who: Pick<Person, 'userId'>, verb: string): void {
  if (request.requester.userId === who.userId) {
    throw new DomainError('SelfApprovalForbidden', `The requester cannot ${verb} their own request`, 403);
  }
}

export function subjectOf(request: ExistingAccessRequest): RequestSubject {
  const { requestId, requester, target, targetArn } = request;
  return { requestId, requesterName: requester.userName, target, targetArn };
}
