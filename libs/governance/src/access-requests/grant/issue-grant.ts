import { type CommandMetadata, DomainError } from '#common';
import { type EventStoreTransaction, stampEvents } from '#event-store';
import {
  changeGrantsIn,
  decideMembership,
  evolveRoleOnly,
  initialRoleState,
  lockName,
  loadMembership,
  readStreamState,
  roleStreamId,
} from '#identity';
import type { ExistingAccessRequest } from '../domain/access-request.state.js';
import { decideEligibility } from '../domain/role-eligibility.js';

/**
 * Issues an approved request's grant in the approval's transaction, on the identity streams at their
 * expected versions: the membership (`UserAddedToGroup`), the attachment to the requester (`PolicyAttached`,
 * whose attachment id is the request id) or the role eligibility, each naming the request and ending at the
 * grant's expiry. Access already held by a path that lasts longer adds no identity event.
 */
export async function issueGrant(
  tx: EventStoreTransaction,
  request: ExistingAccessRequest,
  meta: CommandMetadata,
): Promise<void> {
  const { requestId: accessRequestId, requester, target, grant } = request;
  const expiresAt = grant!.expiresAt;
  // Lock order: the user's name row first. A user deleted and created again under the name is another
  // principal, who asked for nothing.
  const userId = await lockName(tx.client, 'User', requester.userName, 'SHARE');
  if (userId !== requester.userId) {
    throw new DomainError('EntityNotExist.User', `The requester ${requester.userName} no longer exists`, 404);
  }
  switch (target.type) {
    case 'GroupMembership': {
      const { user, group } = await loadMembership(tx, requester.userName, target.groupName);
      if (group.groupId !== target.groupId) throw gone('Group', target.groupName);
      const events = decideMembership(
        { type: 'AddUserToGroup', group, grant: { accessRequestId, expiresAt } },
        user.state,
      );
      await tx.append(user.streamId, user.expectedVersion, stampEvents(events, meta));
      if (events.length > 0) {
        await tx.client.query(
          `INSERT INTO group_memberships (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [group.groupId, user.id],
        );
      }
      return;
    }
    case 'PolicyAttachment': {
      const principal = { principalType: 'User' as const, principalName: requester.userName };
      const { policy } = await changeGrantsIn(tx, { ...principal, ...target }, meta, (who, policy) => ({
        type: 'AttachPolicy',
        principal: who,
        policy,
        attachmentId: accessRequestId,
        expiresAt: new Date(expiresAt),
        accessRequestId,
        now: meta.now,
      }));
      if (policy.policyId !== target.policyId) throw gone('Policy', target.policyName);
      return;
    }
    case 'RoleAssumption': {
      const roleId = await lockName(tx.client, 'Role', target.roleName, 'SHARE');
      if (roleId !== target.roleId) throw gone('Role', target.roleName);
      const role = await readStreamState(tx, roleStreamId(roleId), evolveRoleOnly, initialRoleState);
      const { userId, userName } = requester;
      const events = decideEligibility(
        { type: 'GrantEligibility', userId, userName, accessRequestId, expiresAt },
        role.state,
      );
      await tx.append(roleStreamId(roleId), role.expectedVersion, stampEvents(events, meta));
    }
  }
}

/** The target was deleted (and perhaps created again, a new principal) since the request was made. */
const gone = (kind: string, name: string) =>
  new DomainError(
    `EntityNotExist.${kind}`,
    `The ${kind.toLowerCase()} ${name} of this request no longer exists`,
    404,
  );
