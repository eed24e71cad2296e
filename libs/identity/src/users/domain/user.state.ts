import type { UserEvent, UserKind, UserProfile } from './user.events.js';

export interface ExistingUser extends UserProfile {
  status: 'active' | 'deleted';
  userId: string;
  userName: string;
  kind: UserKind;
  createDate: string;
  updateDate: string;
}

export type UserState = { status: 'absent' } | ExistingUser;

export const initialUserState: UserState = { status: 'absent' };

export function evolveUser(state: UserState, event: UserEvent, occurredAt: Date): UserState {
  switch (event.type) {
    case 'UserCreated': {
      const { userId, userName, kind, createDate, displayName, email, comments } = event.data;
      return {
        status: 'active',
        userId,
        userName,
        kind,
        createDate,
        updateDate: createDate,
        displayName,
        email,
        comments,
      };
    }
    case 'UserUpdated':
      if (state.status === 'absent') return state;
      return { ...state, ...event.data.changes, updateDate: occurredAt.toISOString() };
    case 'UserDeleted':
      if (state.status === 'absent') return state;
      return { ...state, status: 'deleted' };
  }
}
