import { DomainError, entityNotExist } from '#common';
import { assertComments } from '../../users/domain/user.rules.js';
import type { GroupEvent, GroupProfile } from './group.events.js';
import type { ExistingGroup, GroupState } from './group.state.js';
import { assertGroupName } from './group.rules.js';

export type GroupCommand =
  | ({ type: 'CreateGroup'; groupId: string; accountId: string; groupName: string; now: Date } & GroupProfile)
  | { type: 'UpdateGroup'; changes: GroupProfile }
  | { type: 'DeleteGroup' };

const event = <E extends GroupEvent>(type: E['type'], data: E['data']) =>
  ({ type, schemaVersion: 1, data }) as E;

/**
 * Rules of one group on its own. Whether it still has members or policies is a cross-aggregate rule: the
 * delete handler reads the constraint tables in its transaction.
 */
export function decideGroup(command: GroupCommand, state: GroupState): GroupEvent[] {
  switch (command.type) {
    case 'CreateGroup': {
      if (state.status !== 'absent')
        throw new DomainError('EntityAlreadyExists.Group', 'The group id is taken', 409);
      assertGroupName(command.groupName);
      if (command.comments !== undefined) assertComments(command.comments);
      return [
        event('GroupCreated', {
          groupId: command.groupId,
          groupName: command.groupName,
          accountId: command.accountId,
          createDate: command.now.toISOString(),
          ...(command.comments !== undefined && { comments: command.comments }),
        }),
      ];
    }
    case 'UpdateGroup': {
      const group = requireActiveGroup(state);
      const { comments } = command.changes;
      if (comments === undefined || comments === group.comments) return [];
      assertComments(comments);
      return [
        event('GroupUpdated', { groupId: group.groupId, groupName: group.groupName, changes: { comments } }),
      ];
    }
    case 'DeleteGroup': {
      const group = requireActiveGroup(state);
      return [event('GroupDeleted', { groupId: group.groupId, groupName: group.groupName })];
    }
  }
}

export function requireActiveGroup(state: GroupState): ExistingGroup {
  if (state.status !== 'active')
    throw entityNotExist('Group', state.status === 'absent' ? '' : state.groupName);
  return state;
}
