import { DomainError } from '#common';
import type { DomainEvent, EventStoreTransaction } from '#event-store';
import {
  evolveRole,
  initialRoleState,
  loadByName,
  type RoleEvent,
  roleStreamId,
  type RoleState,
} from '#identity';
import { readStreamState } from '#identity';
import type { TrustChangeEvent } from './domain/trust-change.events.js';
import { trustChangeStreamId } from './domain/trust-change.events.js';
import {
  evolveTrustChange,
  type ExistingTrustChange,
  initialTrustChangeState,
} from './domain/trust-change.state.js';

const ROLE_EVENTS = new Set(['RoleCreated', 'RoleUpdated', 'RoleDeleted', 'TrustPolicyChanged']);

/** The role stream also holds grants and session revocations; only the role's own events shape its state. */
const evolveRoleOnly = (state: RoleState, event: DomainEvent): RoleState =>
  ROLE_EVENTS.has(event.type) ? evolveRole(state, event as RoleEvent) : state;

/** The role under its name lock (FOR SHARE: it must keep existing while the change is decided). */
export const loadRole = (tx: EventStoreTransaction, roleName: string) =>
  loadByName(
    tx,
    { kind: 'Role', name: roleName, mode: 'SHARE' },
    roleStreamId,
    evolveRoleOnly,
    initialRoleState,
  );

export async function loadTrustChange(tx: EventStoreTransaction, changeId: string) {
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
