import type { EventStoreTransaction } from '#event-store';
import {
  accessKeyRows,
  decideAttachment,
  decideCredentials,
  decideMembership,
  evolveCredentials,
  evolveGrants,
  evolveMembership,
  initialCredentialState,
  initialGrants,
  initialMembershipState,
  type PrincipalKind,
  principalStreamId,
  recordAttachments,
  userStreamId,
} from '#identity';
import type { ReviewItem } from '../domain/access-review.events.js';
import {
  alreadyRemoved,
  appendRevocation,
  changedSinceSnapshot,
  lockPrincipal,
  type Resolution,
  type RevocationContext,
  versionOf,
} from './revocation.js';
import { removeTrustEntry } from './remove-trust-entry.js';

/**
 * Applies one Revoke as the identity command would (same decider, same constraint rows, same locks), in the
 * caller's transaction, which also records the item's resolution: each revocation happens once. Only the
 * certified grant is removed: a later grant of the same access is reported, not touched.
 */
export function revokeItem(tx: EventStoreTransaction, item: ReviewItem, ctx: RevocationContext) {
  switch (item.type) {
    case 'GroupMembership':
      return revokeMembership(tx, item, ctx);
    case 'PolicyAttachment':
      return revokeAttachment(tx, item, ctx);
    case 'AccessKey':
      return deactivateKey(tx, item, ctx);
    case 'RoleTrust':
      return removeTrustEntry(tx, item, ctx);
  }
}

async function revokeMembership(tx: EventStoreTransaction, item: ReviewItem, ctx: RevocationContext) {
  const userId = item.subject.id!;
  const { groupId, groupName } = item.target;
  // Lock order user → group, as joins and leaves take them.
  if (!(await lockPrincipal(tx, 'User', userId)) || !(await lockPrincipal(tx, 'Group', groupId)))
    return alreadyRemoved;
  const streamId = userStreamId(userId);
  const events = await tx.readStream(streamId);
  const state = events.reduce((s, e) => evolveMembership(s, e, e.occurredAt), initialMembershipState);
  if (state.status !== 'active' || !state.groups.has(groupId)) return alreadyRemoved;
  const joined = events.findLast(
    (e) => e.type === 'UserAddedToGroup' && (e.data as { groupId: string }).groupId === groupId,
  );
  if (`position:${joined?.position}` !== item.grantRef) return changedSinceSnapshot;
  const decided = decideMembership({ type: 'RemoveUserFromGroup', group: { groupId, groupName } }, state);
  const resolution = await appendRevocation(tx, streamId, versionOf(events), decided, ctx);
  await tx.client.query(`DELETE FROM group_memberships WHERE group_id = $1 AND user_id = $2`, [
    groupId,
    userId,
  ]);
  return resolution;
}

async function revokeAttachment(
  tx: EventStoreTransaction,
  item: ReviewItem,
  ctx: RevocationContext,
): Promise<Resolution> {
  const kind = item.subject.kind as PrincipalKind;
  const principalId = item.subject.id!;
  if (!(await lockPrincipal(tx, kind, principalId))) return alreadyRemoved;
  // The grant rows before the append, as revokes and the expiry worker take them (no deadlock between them).
  await tx.client.query(
    `SELECT 1 FROM policy_attachments WHERE principal_type = $1 AND principal_id = $2
     ORDER BY attachment_id FOR UPDATE`,
    [kind, principalId],
  );
  const streamId = principalStreamId(kind, principalId);
  const events = await tx.readStream(streamId);
  const state = events.reduce((s, e) => evolveGrants(s, e, e.occurredAt), initialGrants);
  const current = [...state.attachments.attachments.values()];
  const certified = current.find((a) => a.attachmentId === item.grantRef);
  if (!certified) {
    const same = current.some(
      (a) => a.policyType === item.target.policyType && a.policyName === item.target.policyName,
    );
    return same ? changedSinceSnapshot : alreadyRemoved;
  }
  const decided = decideAttachment(
    { type: 'DetachPolicy', principal: certified, policy: certified },
    state.attachments,
  );
  const resolution = await appendRevocation(tx, streamId, versionOf(events), decided, ctx);
  await recordAttachments(tx.client, decided);
  return resolution;
}

/**
 * An AccessKey is deactivated, not deleted: the owner's software stops authenticating at once, and an
 * administrator can reactivate it if the reviewer was wrong (AWS IAM's advice for unused keys).
 */
async function deactivateKey(tx: EventStoreTransaction, item: ReviewItem, ctx: RevocationContext) {
  const userId = item.subject.id!;
  const accessKeyId = item.target.accessKeyId;
  if (!(await lockPrincipal(tx, 'User', userId))) return alreadyRemoved;
  const streamId = userStreamId(userId);
  const events = await tx.readStream(streamId);
  const state = events.reduce(evolveCredentials, initialCredentialState);
  if (state.accessKeys[accessKeyId]?.status !== 'Active') return alreadyRemoved;
  const decided = decideCredentials({ type: 'UpdateAccessKey', accessKeyId, status: 'Inactive' }, state);
  const resolution = await appendRevocation(tx, streamId, versionOf(events), decided, ctx);
  await accessKeyRows.setStatus(tx.client, accessKeyId, 'Inactive');
  return resolution;
}
