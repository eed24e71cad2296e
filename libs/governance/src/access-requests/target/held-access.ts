import { DomainError } from '#common';
import type { DomainEvent, EventStoreTransaction } from '#event-store';
import {
  attachmentsOf,
  evolveMembership,
  evolveRoleOnly,
  initialMembershipState,
  initialRoleState,
  isEligible,
  roleStreamId,
} from '#identity';
import { evaluateTrust, parseTrustPolicyDocument } from '#policy';
import type { AccessTarget, Person } from '../domain/access-request.events.js';
import { targetKey } from '../access-requests.table.js';

/**
 * Refuses a request for access the requester already holds (409 `AccessAlreadyGranted`): a membership of
 * the group, the policy attached to them directly and in force, or a role they may already assume (its trust
 * policy names them, or an eligibility is in force).
 */
export async function refuseHeldAccess(
  tx: EventStoreTransaction,
  requester: Person,
  userEvents: readonly DomainEvent[],
  target: AccessTarget,
  now: Date,
): Promise<void> {
  if (await holds(tx, requester, userEvents, target, now)) {
    throw new DomainError(
      'AccessAlreadyGranted',
      `The user ${requester.userName} already has the access this request asks for`,
      409,
    );
  }
}

async function holds(
  tx: EventStoreTransaction,
  requester: Person,
  userEvents: readonly DomainEvent[],
  target: AccessTarget,
  now: Date,
): Promise<boolean> {
  switch (target.type) {
    case 'GroupMembership': {
      const state = userEvents.reduce((s, e) => evolveMembership(s, e, now), initialMembershipState);
      return state.status === 'active' && state.groups.has(target.groupId);
    }
    case 'PolicyAttachment': {
      const held = attachmentsOf(userEvents).attachments.get(targetKey(target));
      return held !== undefined && (held.expiresAt === undefined || new Date(held.expiresAt) > now);
    }
    case 'RoleAssumption': {
      const events = await tx.readStream(roleStreamId(target.roleId));
      const role = events.reduce(evolveRoleOnly, initialRoleState);
      if (role.status !== 'active') return false;
      if (isEligible(role, requester.userId, now)) return true;
      const trust = parseTrustPolicyDocument(role.assumeRolePolicyDocument);
      return evaluateTrust(trust, { type: 'RAM', arn: requester.arn }, { now }).decision === 'Allow';
    }
  }
}
