import type { DomainEvent } from '#event-store';
import type { GroupEvent } from './group.events.js';

export interface ExistingGroup {
  status: 'active' | 'deleted';
  groupId: string;
  groupName: string;
  comments?: string;
  createDate: string;
  updateDate: string;
}

export type GroupState = { status: 'absent' } | ExistingGroup;

export const initialGroupState: GroupState = { status: 'absent' };

/**
 * The group stream also holds other areas' events (policy attachments); they do not change what this
 * decider needs, so they pass through unchanged.
 */
export function evolveGroup(
  state: GroupState,
  event: GroupEvent | DomainEvent,
  occurredAt: Date,
): GroupState {
  const known = event as GroupEvent;
  switch (known.type) {
    case 'GroupCreated': {
      const { groupId, groupName, createDate, comments } = known.data;
      return { status: 'active', groupId, groupName, comments, createDate, updateDate: createDate };
    }
    case 'GroupUpdated':
      if (state.status === 'absent') return state;
      return { ...state, ...known.data.changes, updateDate: occurredAt.toISOString() };
    case 'GroupDeleted':
      if (state.status === 'absent') return state;
      return { ...state, status: 'deleted' };
    default:
      return state;
  }
}
