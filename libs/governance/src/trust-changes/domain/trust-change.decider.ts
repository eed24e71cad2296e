import { DomainError } from '#common';
import type { TrustChangeEvent, TrustPolicyChangeProposed } from './trust-change.events.js';
import type { ExistingTrustChange, TrustChangeState } from './trust-change.state.js';

export type TrustChangeCommand =
  | ({ type: 'ProposeTrustChange'; expiresAt: Date; now: Date } & Omit<
      TrustPolicyChangeProposed['data'],
      'proposedAt' | 'expiresAt'
    >)
  | {
      type: 'ApproveTrustChange';
      reviewerArn: string;
      /** Who is behind the reviewer's role session (from its RoleAssumed, through chains). */
      reviewerSources: string[];
      /** Would the change let the reviewer assume the role (directly or through a role), judged now? */
      reviewerBenefits: boolean;
      /** The role's trustPolicyVersion read in the approving transaction. */
      currentTrustVersion: number;
      comment?: string;
      now: Date;
    }
  | { type: 'RejectTrustChange'; reviewerArn: string; reason: string; now: Date }
  | { type: 'CancelTrustChange'; callerArn: string; now: Date }
  | { type: 'ExpireTrustChange'; now: Date };

const event = <E extends TrustChangeEvent>(type: E['type'], data: E['data']) =>
  ({ type, schemaVersion: 1, data }) as E;

/**
 * The principal an ARN acts as, for separation of duties: a role session acts as its role, so two sessions
 * of one role are the same party (a session cannot approve what another session of its role proposed).
 */
export function actingPrincipal(arn: string): string {
  const session = /^(acs:ram::\d+:)assumed-role\/([^/]+)\/[^/]+$/.exec(arn);
  return (session ? `${session[1]}role/${session[2]}` : arn).toLowerCase();
}

/** Every party an actor stands for: itself (a session as its role) and whoever is behind its session. */
const parties = (arn: string, sources: readonly string[]) => new Set([arn, ...sources].map(actingPrincipal));
const overlap = (a: Set<string>, b: Set<string>) => [...a].some((party) => b.has(party));

export function decideTrustChange(command: TrustChangeCommand, state: TrustChangeState): TrustChangeEvent[] {
  if (command.type === 'ProposeTrustChange') {
    if (state.status !== 'absent')
      throw new DomainError('EntityAlreadyExists.TrustPolicyChange', 'The change id is taken', 409);
    const { type: _type, now, expiresAt, ...data } = command;
    return [
      event('TrustPolicyChangeProposed', {
        ...data,
        proposedAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
      }),
    ];
  }
  // A repeated approval by a reviewer already counted changes nothing, even once the change is applied.
  if (
    command.type === 'ApproveTrustChange' &&
    state.status !== 'absent' &&
    counted(state, parties(command.reviewerArn, command.reviewerSources))
  )
    return [];
  const change = requirePending(state);
  const ref = { changeId: change.changeId, roleId: change.roleId, roleName: change.roleName };
  const at = command.now.toISOString();
  // A proposal past its expiry ends as Expired whoever touches it first (the worker, or a late reviewer).
  if (command.now.getTime() >= Date.parse(change.expiresAt)) {
    return [event('TrustPolicyChangeExpired', { ...ref, expiresAt: change.expiresAt, expiredAt: at })];
  }
  switch (command.type) {
    case 'ExpireTrustChange':
      return [];
    case 'CancelTrustChange':
      if (actingPrincipal(command.callerArn) !== actingPrincipal(change.proposerArn))
        throw new DomainError('NoPermission', 'Only the proposer may cancel a trust-policy change', 403);
      return [
        event('TrustPolicyChangeCancelled', { ...ref, cancelledBy: command.callerArn, cancelledAt: at }),
      ];
    case 'RejectTrustChange':
      return [
        event('TrustPolicyChangeRejected', {
          ...ref,
          reviewerArn: command.reviewerArn,
          reason: command.reason,
          rejectedAt: at,
        }),
      ];
    case 'ApproveTrustChange':
      return approve(command, change, ref, at);
  }
}

function approve(
  command: Extract<TrustChangeCommand, { type: 'ApproveTrustChange' }>,
  change: ExistingTrustChange,
  ref: { changeId: string; roleId: string; roleName: string },
  at: string,
): TrustChangeEvent[] {
  // A proposer cannot approve through a role session either: the people behind sessions count.
  const reviewer = parties(command.reviewerArn, command.reviewerSources);
  if (overlap(reviewer, parties(change.proposerArn, change.proposerSources)))
    throw new DomainError('SelfApprovalForbidden', 'The proposer cannot approve their own change', 403);
  // Recorded at proposal time; `reviewerBenefits` re-judges it on the permission state of now.
  const beneficiary = change.analysis.gainedAccess.some((g) => reviewer.has(actingPrincipal(g.principalArn)));
  if (beneficiary || command.reviewerBenefits) {
    throw new DomainError(
      'ConflictOfInterest',
      'The change would let the reviewer assume the role; another reviewer must approve it',
      403,
    );
  }
  if (command.currentTrustVersion !== change.baseVersion) {
    return [
      event('TrustPolicyChangeSuperseded', {
        ...ref,
        baseVersion: change.baseVersion,
        currentVersion: command.currentTrustVersion,
        supersededAt: at,
      }),
    ];
  }
  const approved = event('TrustPolicyChangeApproved', {
    ...ref,
    reviewerArn: command.reviewerArn,
    reviewerSources: command.reviewerSources,
    ...(command.comment !== undefined && { comment: command.comment }),
    approvedAt: at,
  });
  const approvers = [...change.approvals.map((a) => a.reviewerArn), command.reviewerArn];
  if (approvers.length < change.requiredApprovals) return [approved];
  return [
    approved,
    event('TrustPolicyChangeApplied', {
      ...ref,
      trustPolicyVersion: change.baseVersion + 1,
      approvers,
      appliedAt: at,
    }),
  ];
}

/** Counted once per reviewer: an approval by any party already counted adds nothing. */
const counted = (change: ExistingTrustChange, reviewer: Set<string>) =>
  change.approvals.some((a) => overlap(parties(a.reviewerArn, a.reviewerSources), reviewer));

function requirePending(state: TrustChangeState): ExistingTrustChange {
  if (state.status === 'absent')
    throw new DomainError('EntityNotExist.TrustPolicyChange', 'The trust-policy change does not exist', 404);
  if (state.status !== 'PendingReview') {
    throw new DomainError(
      'InvalidStatus.TrustPolicyChange',
      `The trust-policy change is ${state.status}, no longer pending review`,
      409,
    );
  }
  return state;
}
