import type { RoleEvent, RoleSettings } from './role.events.js';

export interface ExistingRole extends RoleSettings {
  status: 'active' | 'deleted';
  roleId: string;
  roleName: string;
  assumeRolePolicyDocument: string;
  trustPolicyVersion: number;
}

export type RoleState = { status: 'absent' } | ExistingRole;

export const initialRoleState: RoleState = { status: 'absent' };

export function evolveRole(state: RoleState, event: RoleEvent): RoleState {
  switch (event.type) {
    case 'RoleCreated': {
      const {
        roleId,
        roleName,
        assumeRolePolicyDocument,
        trustPolicyVersion,
        description,
        maxSessionDuration,
      } = event.data;
      return {
        status: 'active',
        roleId,
        roleName,
        assumeRolePolicyDocument,
        trustPolicyVersion,
        maxSessionDuration,
        ...(description !== undefined && { description }),
      };
    }
    case 'RoleUpdated':
      return state.status === 'absent' ? state : { ...state, ...event.data.changes };
    case 'RoleDeleted':
      return state.status === 'absent' ? state : { ...state, status: 'deleted' };
    // Enforced where tokens are verified (role_session_revocations); the role itself does not change.
    case 'RoleSessionsRevoked':
      return state;
    case 'TrustPolicyChanged': {
      if (state.status === 'absent') return state;
      const { assumeRolePolicyDocument, trustPolicyVersion } = event.data;
      return { ...state, assumeRolePolicyDocument, trustPolicyVersion };
    }
  }
}
