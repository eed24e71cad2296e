import type { EventStoreTransaction } from '#event-store';
import { loadByName, loadMemberUser } from '#identity';
import { entityNotExist } from '#common';
import { type OwnerTargetType, ownerTargetStreamId } from './domain/owner.events.js';
import { evolveTargetOwners, initialTargetOwners } from './domain/owner.state.js';

/** The user a command names, under its name row (FOR SHARE: it cannot be deleted meanwhile). */
export async function lockActiveUser(tx: EventStoreTransaction, userName: string) {
  const user = await loadMemberUser(tx, userName);
  if (user.state.status !== 'active') throw entityNotExist('User', userName.slice(0, 64));
  return { ...user, state: user.state };
}

/** The group, role or custom policy, under its name row (FOR SHARE), with its owners. */
export const lockOwnerTarget = (tx: EventStoreTransaction, targetType: OwnerTargetType, name: string) =>
  loadByName(
    tx,
    { kind: targetType, name, mode: 'SHARE' },
    (id) => ownerTargetStreamId(targetType, id),
    evolveTargetOwners,
    initialTargetOwners,
  );
