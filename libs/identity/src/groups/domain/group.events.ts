import type { DomainEvent } from '#event-store';

export interface GroupProfile {
  comments?: string;
}

export type GroupCreated = DomainEvent<
  'GroupCreated',
  { groupId: string; groupName: string; accountId: string; createDate: string } & GroupProfile
>;
export type GroupUpdated = DomainEvent<
  'GroupUpdated',
  { groupId: string; groupName: string; changes: GroupProfile }
>;
export type GroupDeleted = DomainEvent<'GroupDeleted', { groupId: string; groupName: string }>;

export type GroupEvent = GroupCreated | GroupUpdated | GroupDeleted;

export const groupStreamId = (groupId: string) => `group-${groupId}`;
