import type { DomainEvent, EventStoreTransaction } from '#event-store';
import { loadByName, type LoadedByName } from '../shared/stream-state.js';
import { type RoleEvent, roleStreamId } from './domain/role.events.js';
import { evolveRole, initialRoleState, type RoleState } from './domain/role.state.js';

const ROLE_EVENTS = new Set<string>([
  'RoleCreated',
  'RoleUpdated',
  'RoleDeleted',
  'RoleSessionsRevoked',
  'TrustPolicyChanged',
  'RoleEligibilityGranted',
  'RoleEligibilityEnded',
]);

/** The role stream also holds policy attachments and owners; the role's own state skips those. */
export const evolveRoleOnly = (state: RoleState, event: DomainEvent): RoleState =>
  ROLE_EVENTS.has(event.type) ? evolveRole(state, event as RoleEvent) : state;

export const loadRoleByName = (
  tx: EventStoreTransaction,
  roleName: string,
  mode: 'UPDATE' | 'SHARE',
): Promise<LoadedByName<RoleState>> =>
  loadByName(tx, { kind: 'Role', name: roleName, mode }, roleStreamId, evolveRoleOnly, initialRoleState);
