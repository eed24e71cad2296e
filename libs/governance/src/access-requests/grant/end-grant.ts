import type { CommandMetadata } from '#common';
import { type EventStoreTransaction, stampEvents } from '#event-store';
import {
  decideAttachment,
  decideMembership,
  evolveGrants,
  evolveMembership,
  evolveRoleOnly,
  initialGrants,
  initialRoleState,
  initialMembershipState,
  readStreamState,
  recordAttachments,
  roleStreamId,
  userStreamId,
} from '#identity';
import type { ExistingAccessRequest } from '../domain/access-request.state.js';
import { decideEligibility } from '../domain/role-eligibility.js';

/**
 * Removes what an ended request granted, in the transaction that writes AccessRequestEnded, unless the
 * access is now held by a longer path (a standing join or attach, a request ending later) or was already
 * removed (a direct leave or revoke, the attachment expiry timer): the deciders then write nothing.
 */
export async function endGrant(
  tx: EventStoreTransaction,
  request: ExistingAccessRequest,
  meta: CommandMetadata,
): Promise<void> {
  const { requestId: accessRequestId, requester, target } = request;
  const now = meta.now;
  switch (target.type) {
    case 'GroupMembership': {
      const streamId = userStreamId(requester.userId);
      const user = await readStreamState(tx, streamId, evolveMembership, initialMembershipState);
      if (user.state.status !== 'active') return;
      const group = { groupId: target.groupId, groupName: target.groupName };
      const events = decideMembership({ type: 'EndGroupGrant', group, accessRequestId, now }, user.state);
      await tx.append(streamId, user.expectedVersion, stampEvents(events, meta));
      if (events.length > 0) {
        await tx.client.query(`DELETE FROM group_memberships WHERE group_id = $1 AND user_id = $2`, [
          target.groupId,
          requester.userId,
        ]);
      }
      return;
    }
    case 'PolicyAttachment': {
      // The attachment row first, as the attachment expiry timer and revokes take it before their appends.
      await tx.client.query(`SELECT 1 FROM policy_attachments WHERE attachment_id = $1 FOR UPDATE`, [
        accessRequestId,
      ]);
      const streamId = userStreamId(requester.userId);
      const user = await readStreamState(tx, streamId, evolveGrants, initialGrants);
      const events = decideAttachment(
        { type: 'ExpireAttachment', attachmentId: accessRequestId, now },
        user.state.attachments,
      );
      await tx.append(streamId, user.expectedVersion, stampEvents(events, meta));
      await recordAttachments(tx.client, events);
      return;
    }
    case 'RoleAssumption': {
      const streamId = roleStreamId(target.roleId);
      const role = await readStreamState(tx, streamId, evolveRoleOnly, initialRoleState);
      const events = decideEligibility(
        { type: 'EndEligibility', userId: requester.userId, accessRequestId, now },
        role.state,
      );
      await tx.append(streamId, role.expectedVersion, stampEvents(events, meta));
    }
  }
}
