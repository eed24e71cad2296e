import type { DomainEvent } from '#event-store';
import type { UserCreated, UserDeleted } from '../../users/domain/user.events.js';
import type { MembershipEvent } from './membership.events.js';

/**
 * How a membership is held: standing (no `grant`), or by the access request whose grant ends last; a
 * request ending earlier than that, or while the membership is standing, removes nothing.
 */
export interface MembershipHeld {
  groupName: string;
  joinDate: string;
  grant?: { accessRequestId: string; expiresAt: string };
}

/** What the user stream says about a user's groups: group id → how the membership is held. */
export type UserMembershipState =
  | { status: 'absent' }
  | {
      status: 'active' | 'deleted';
      userId: string;
      userName: string;
      groups: ReadonlyMap<string, MembershipHeld>;
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
      const { groupId, groupName, accessRequestId, expiresAt } = known.data;
      // A grant replacing another (or made standing) keeps the first join's date.
      const joinDate = state.groups.get(groupId)?.joinDate ?? occurredAt.toISOString();
      const grant = accessRequestId && expiresAt ? { accessRequestId, expiresAt } : undefined;
      groups.set(groupId, { groupName, joinDate, ...(grant && { grant }) });
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
