import type { DomainEvent } from '#event-store';
import type { UserCreated, UserDeleted } from '../../users/domain/user.events.js';
import type { MembershipEvent } from './membership.events.js';

/** What the user stream says about a user's groups: group id → the join's date. */
export type UserMembershipState =
  | { status: 'absent' }
  | {
      status: 'active' | 'deleted';
      userId: string;
      userName: string;
      groups: ReadonlyMap<string, { groupName: string; joinDate: string }>;
    };

export type ExistingMembershipState = Exclude<UserMembershipState, { status: 'absent' }>;

export const initialMembershipState: UserMembershipState = { status: 'absent' };

/** Folds the whole user stream; events of other areas (keys, MFA, attachments) leave it unchanged. */
export function evolveMembership(
  state: UserMembershipState,
  event: MembershipEvent | DomainEvent,
  occurredAt: Date,
): UserMembershipState {
  const known = event as MembershipEvent | UserCreated | UserDeleted;
  switch (known.type) {
    case 'UserCreated':
      return {
        status: 'active',
        userId: known.data.userId,
        userName: known.data.userName,
        groups: new Map(),
      };
    case 'UserDeleted':
      return state.status === 'absent' ? state : { ...state, status: 'deleted' };
    case 'UserAddedToGroup': {
      if (state.status === 'absent') return state;
      const groups = new Map(state.groups);
      groups.set(known.data.groupId, { groupName: known.data.groupName, joinDate: occurredAt.toISOString() });
      return { ...state, groups };
    }
    case 'UserRemovedFromGroup': {
      if (state.status === 'absent') return state;
      const groups = new Map(state.groups);
      groups.delete(known.data.groupId);
      return { ...state, groups };
    }
    default:
      return state;
  }
}
