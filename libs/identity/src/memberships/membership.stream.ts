import type { EventStoreTransaction } from '#event-store';
import { requireActiveGroup } from '../groups/domain/group.decider.js';
import { loadGroupByName } from '../groups/group.stream.js';
import { loadByName, type LoadedByName } from '../shared/stream-state.js';
import { userStreamId } from '../users/domain/user.events.js';
import type { GroupRef } from './domain/membership.decider.js';
import {
  evolveMembership,
  initialMembershipState,
  type UserMembershipState,
} from './domain/membership.state.js';

/**
 * Loads both sides of a membership in the design's lock order: the user's name row, then the group's, both
 * FOR SHARE. The group then cannot be deleted until this transaction ends, and a delete that got there
 * first has removed the name, so the group is not found.
 */
export async function loadMembership(
  tx: EventStoreTransaction,
  userName: string,
  groupName: string,
): Promise<{ user: LoadedByName<UserMembershipState>; group: GroupRef }> {
  const user = await loadMemberUser(tx, userName);
  const { groupId, groupName: canonicalName } = requireActiveGroup(
    (await loadGroupByName(tx, groupName, 'SHARE')).state,
  );
  return { user, group: { groupId, groupName: canonicalName } };
}

/** The user's name row FOR SHARE (it cannot be deleted meanwhile) and its stream as memberships see it. */
export const loadMemberUser = (
  tx: EventStoreTransaction,
  userName: string,
): Promise<LoadedByName<UserMembershipState>> =>
  loadByName(
    tx,
    { kind: 'User', name: userName, mode: 'SHARE' },
    userStreamId,
    evolveMembership,
    initialMembershipState,
  );
