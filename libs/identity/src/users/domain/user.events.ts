import type { DomainEvent } from '#event-store';

export type UserKind = 'human' | 'programmatic';

export interface UserProfile {
  displayName: string;
  email?: string;
  comments?: string;
}

export type UserCreated = DomainEvent<
  'UserCreated',
  { userId: string; userName: string; kind: UserKind; accountId: string; createDate: string } & UserProfile
>;
export type UserUpdated = DomainEvent<
  'UserUpdated',
  { userId: string; userName: string; changes: Partial<UserProfile> }
>;
export type UserDeleted = DomainEvent<'UserDeleted', { userId: string; userName: string }>;

export type UserEvent = UserCreated | UserUpdated | UserDeleted;

export const userStreamId = (userId: string) => `user-${userId}`;
