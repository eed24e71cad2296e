import type { EventStoreTransaction } from '#event-store';
import { loadByName, type LoadedByName } from '../shared/stream-state.js';
import { groupStreamId } from './domain/group.events.js';
import { evolveGroup, type GroupState, initialGroupState } from './domain/group.state.js';

export const loadGroupByName = (
  tx: EventStoreTransaction,
  groupName: string,
  mode: 'UPDATE' | 'SHARE',
): Promise<LoadedByName<GroupState>> =>
  loadByName(tx, { kind: 'Group', name: groupName, mode }, groupStreamId, evolveGroup, initialGroupState);
