import { DomainError, entityNotExist } from '#common';
import type { MembershipEvent } from './membership.events.js';
import type { UserMembershipState } from './membership.state.js';

/**
 * RAM's limit on the groups one user may join. Refused with `LimitExceeded.Group` (409), following API.md's
 * `LimitExceeded.<What>` with the limited thing; RAM itself says `LimitExceeded.User.Group`. Removing a
 * non-member is `EntityNotExist.User.Group` (404), in RAM's `<Kind>.<Dependent>` style.
 */
export const MAX_GROUPS_PER_USER = 10;

export interface GroupRef {
  groupId: string;
  groupName: string;
}

/** A membership an access request grants until `expiresAt` (issue 6). */
export interface RequestGrant {
  accessRequestId: string;
  expiresAt: string;
}

export type MembershipCommand =
  | { type: 'AddUserToGroup'; group: GroupRef; grant?: RequestGrant }
  | { type: 'RemoveUserFromGroup'; group: GroupRef }
  | { type: 'EndGroupGrant'; group: GroupRef; accessRequestId: string; now: Date };

/**
 * Join and leave, decided on the user's stream. The group's existence is checked by the handler under the
 * group's name lock; here only the user's side counts: it exists, and it stays within the limit.
 */
export function decideMembership(command: MembershipCommand, state: UserMembershipState): MembershipEvent[] {
  if (state.status !== 'active')
    throw entityNotExist('User', state.status === 'absent' ? '' : state.userName);
  const data = {
    userId: state.userId,
    userName: state.userName,
    groupId: command.group.groupId,
    groupName: command.group.groupName,
  };
  const held = state.groups.get(command.group.groupId);
  const member = held !== undefined;
  switch (command.type) {
    case 'AddUserToGroup':
      if (held && !replacesGrant(held.grant, command.grant)) return [];
      if (held) return [{ type: 'UserAddedToGroup', schemaVersion: 1, data: { ...data, ...command.grant } }];
      if (state.groups.size >= MAX_GROUPS_PER_USER) {
        throw new DomainError(
          'LimitExceeded.Group',
          `The user ${state.userName} is already in ${MAX_GROUPS_PER_USER} groups, the most allowed`,
          409,
        );
      }
      return [{ type: 'UserAddedToGroup', schemaVersion: 1, data: { ...data, ...command.grant } }];
    case 'RemoveUserFromGroup':
      if (!member) {
        throw new DomainError(
          'EntityNotExist.User.Group',
          `The user ${state.userName} is not a member of the group ${command.group.groupName}`,
          404,
        );
      }
      return [{ type: 'UserRemovedFromGroup', schemaVersion: 1, data }];
    case 'EndGroupGrant': {
      // Only the grant the membership is held by ends it: a standing join, a later-ending request or a
      // direct leave since then keep (or already ended) the membership.
      const grant = held?.grant;
      if (grant?.accessRequestId !== command.accessRequestId || new Date(grant.expiresAt) > command.now)
        return [];
      const ended = { ...data, accessRequestId: command.accessRequestId };
      return [{ type: 'UserRemovedFromGroup', schemaVersion: 1, data: ended }];
    }
  }
}

/**
 * Whether a join changes how an existing membership is held: a standing join makes a request-granted one
 * standing; a request grant replaces another request's grant that ends sooner.
 */
function replacesGrant(current: RequestGrant | undefined, next: RequestGrant | undefined): boolean {
  if (current === undefined) return false;
  if (next === undefined) return true;
  return new Date(next.expiresAt) > new Date(current.expiresAt);
}
