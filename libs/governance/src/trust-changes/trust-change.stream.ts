import { DomainError } from '#common';
import type { EventStoreTransaction } from '#event-store';
import { loadRoleByName, readStreamState } from '#identity';
import type { TrustChangeEvent } from './domain/trust-change.events.js';
import { trustChangeStreamId } from './domain/trust-change.events.js';
import {
  evolveTrustChange,
  type ExistingTrustChange,
  initialTrustChangeState,
} from './domain/trust-change.state.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The role under its name lock (FOR SHARE: it must keep existing while the change is decided). */
export const loadRole = (tx: EventStoreTransaction, roleName: string) =>
  loadRoleByName(tx, roleName, 'SHARE');

/**
 * The change under its table row's lock, taken before anything else: the expiry timer takes that row first
 * too, so an approval racing the timer waits instead of deadlocking (row → stream in both, never reversed).
 */
export async function loadTrustChange(tx: EventStoreTransaction, changeId: string) {
  if (!UUID.test(changeId)) throw trustChangeNotFound();
  await tx.client.query(`SELECT 1 FROM trust_policy_changes WHERE change_id = $1 FOR UPDATE`, [changeId]);
  const streamId = trustChangeStreamId(changeId);
  const loaded = await readStreamState(
    tx,
    streamId,
    (s, e) => evolveTrustChange(s, e as TrustChangeEvent),
    initialTrustChangeState,
  );
  if (loaded.state.status === 'absent') throw trustChangeNotFound();
  return { ...loaded, streamId, change: loaded.state as ExistingTrustChange };
}

export const trustChangeNotFound = () =>
  new DomainError('EntityNotExist.TrustPolicyChange', 'The trust-policy change does not exist', 404);
