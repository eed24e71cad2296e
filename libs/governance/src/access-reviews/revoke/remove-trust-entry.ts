import type { EventStoreTransaction } from '#event-store';
import {
  decideRole,
  evolveRoleOnly,
  initialRoleState,
  type RoleEligibilityEnded,
  roleStreamId,
} from '#identity';
import type { ReviewItem } from '../domain/access-review.events.js';
import { eligibilityKey, emptySnapshot, foldIntoSnapshot } from '../snapshot/access-snapshot.js';
import {
  alreadyRemoved,
  appendRevocation,
  changedSinceSnapshot,
  lockPrincipal,
  type Resolution,
  type RevocationContext,
  versionOf,
} from './revocation.js';
import { withoutTrustedPrincipal } from './trust-document.js';

/**
 * A trust entry goes by a `TrustPolicyChanged` from the role decider, on the trust-policy version read here
 * (a racing trust change makes one of the two fail and retry); the review is the change's approval, and its
 * reviewer both proposer and approver. An eligibility from an access request ends with
 * `RoleEligibilityEnded`, as its expiry would end it.
 */
export async function removeTrustEntry(
  tx: EventStoreTransaction,
  item: ReviewItem,
  ctx: RevocationContext,
): Promise<Resolution> {
  const roleId = item.target.roleId;
  if (!(await lockPrincipal(tx, 'Role', roleId))) return alreadyRemoved;
  const streamId = roleStreamId(roleId);
  const events = await tx.readStream(streamId);
  // The snapshot's own fold over the role stream: the current entry and the event that granted it.
  const current = emptySnapshot();
  for (const event of events) foldIntoSnapshot(current, event);
  const role = current.roles.get(roleId);
  if (!role) return alreadyRemoved;
  if (item.target.entry === 'Eligibility') {
    const eligibility = current.eligibilities.get(eligibilityKey(roleId, item.subject.id!));
    if (!eligibility) return alreadyRemoved;
    if ((eligibility.grant.accessRequestId ?? `position:${eligibility.grant.position}`) !== item.grantRef)
      return changedSinceSnapshot;
    const ended: RoleEligibilityEnded = {
      type: 'RoleEligibilityEnded',
      schemaVersion: 1,
      data: {
        roleId,
        roleName: role.roleName,
        userId: item.subject.id!,
        accessRequestId: eligibility.grant.accessRequestId ?? '',
      },
    };
    return appendRevocation(tx, streamId, versionOf(events), [ended], ctx);
  }
  const entry = role.trust.get(`${item.target.principalType}|${item.subject.name.toLowerCase()}`);
  if (!entry) return alreadyRemoved;
  if (`position:${entry.grant.position}` !== item.grantRef) return changedSinceSnapshot;
  const state = events.reduce(evolveRoleOnly, initialRoleState);
  if (state.status !== 'active') return alreadyRemoved;
  const reviewer = ctx.meta.actorArn;
  const changed = decideRole(
    {
      type: 'ChangeTrustPolicy',
      assumeRolePolicyDocument: withoutTrustedPrincipal(
        state.assumeRolePolicyDocument,
        entry.principalType,
        entry.principal,
      ),
      expectedTrustPolicyVersion: state.trustPolicyVersion,
      changeId: `accessreview-${ctx.accessReviewId}-${ctx.itemId}`,
      proposerArn: reviewer,
      approvers: [reviewer],
    },
    state,
  );
  return appendRevocation(tx, streamId, versionOf(events), changed, ctx);
}
