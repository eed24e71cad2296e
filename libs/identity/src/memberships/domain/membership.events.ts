import type { DomainEvent } from '#event-store';

/** Membership events live on the user's stream: the per-user group limit is decided there. */
export interface GroupMembershipData {
  userId: string;
  userName: string;
  groupId: string;
  groupName: string;
  /** A membership granted by an access request: it ends by itself at `expiresAt` (issue 6). */
  accessRequestId?: string;
  expiresAt?: string;
}

export type UserAddedToGroup = DomainEvent<'UserAddedToGroup', GroupMembershipData>;
export type UserRemovedFromGroup = DomainEvent<'UserRemovedFromGroup', GroupMembershipData>;

export type MembershipEvent = UserAddedToGroup | UserRemovedFromGroup;
