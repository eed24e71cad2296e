import type { DomainEvent } from '#event-store';
import type { OwnerEvent, OwnerTargetType } from './owner.events.js';

/** What a target's stream says about its owners; the target's other events only tell whether it exists. */
export type TargetOwners =
  | { status: 'absent' }
  | {
      status: 'active' | 'deleted';
      targetType: OwnerTargetType;
      targetId: string;
      targetName: string;
      /** userId → userName */
      owners: ReadonlyMap<string, string>;
    };

export const initialTargetOwners: TargetOwners = { status: 'absent' };

const CREATED: Record<string, { targetType: OwnerTargetType; id: string; name: string }> = {
  GroupCreated: { targetType: 'Group', id: 'groupId', name: 'groupName' },
  RoleCreated: { targetType: 'Role', id: 'roleId', name: 'roleName' },
  PolicyCreated: { targetType: 'Policy', id: 'policyId', name: 'policyName' },
};
const DELETED = new Set(['GroupDeleted', 'RoleDeleted', 'PolicyDeleted']);

export function evolveTargetOwners(state: TargetOwners, event: DomainEvent | OwnerEvent): TargetOwners {
  const created = CREATED[event.type];
  if (created) {
    const data = event.data as Record<string, string>;
    const { targetType } = created;
    return {
      status: 'active',
      targetType,
      targetId: data[created.id],
      targetName: data[created.name],
      owners: new Map(),
    };
  }
  if (state.status === 'absent') return state;
  if (DELETED.has(event.type)) return { ...state, status: 'deleted' };
  const owner = event as OwnerEvent;
  if (owner.type !== 'OwnerAdded' && owner.type !== 'OwnerRemoved') return state;
  const owners = new Map(state.owners);
  if (owner.type === 'OwnerAdded') owners.set(owner.data.userId, owner.data.userName);
  else owners.delete(owner.data.userId);
  return { ...state, owners };
}
