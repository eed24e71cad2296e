import type { DomainEvent } from '#event-store';

/** What can have owners: groups, roles and custom policies (API.md "Owners"). */
export type OwnerTargetType = 'Group' | 'Role' | 'Policy';

export const OWNER_TARGET_TYPES: readonly OwnerTargetType[] = ['Group', 'Role', 'Policy'];

/** Owners live on the target's stream (`group-<id>`, `role-<id>`, `policy-<id>`). */
export interface OwnerData {
  targetType: OwnerTargetType;
  targetId: string;
  targetName: string;
  userId: string;
  userName: string;
}

export type OwnerAdded = DomainEvent<'OwnerAdded', OwnerData>;
export type OwnerRemoved = DomainEvent<'OwnerRemoved', OwnerData>;

export type OwnerEvent = OwnerAdded | OwnerRemoved;

export const ownerTargetStreamId = (targetType: OwnerTargetType, targetId: string) =>
  `${targetType.toLowerCase()}-${targetId}`;
