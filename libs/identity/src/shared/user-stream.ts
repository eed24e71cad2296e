import type { DomainEvent, EventStoreTransaction } from '#event-store';
import { type UserEvent, userStreamId } from '../users/domain/user.events.js';
import { evolveUser, initialUserState, type UserState } from '../users/domain/user.state.js';
import { loadByName, type LoadedByName } from './stream-state.js';

const PROFILE_EVENTS = new Set<string>(['UserCreated', 'UserUpdated', 'UserDeleted']);

/** The user stream also holds memberships, keys, MFA and attachments; the profile decider skips those. */
const evolveUserProfile = (state: UserState, event: DomainEvent, occurredAt: Date): UserState =>
  PROFILE_EVENTS.has(event.type) ? evolveUser(state, event as UserEvent, occurredAt) : state;

export const loadUserByName = (
  tx: EventStoreTransaction,
  userName: string,
  mode: 'UPDATE' | 'SHARE',
): Promise<LoadedByName<UserState>> =>
  loadByName(tx, { kind: 'User', name: userName, mode }, userStreamId, evolveUserProfile, initialUserState);
