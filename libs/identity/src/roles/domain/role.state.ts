import type { RoleEvent, RoleSettings } from './role.events.js';

export interface ExistingRole extends RoleSettings {
  status: 'active' | 'deleted';
  roleId: string;
  roleName: string;
  assumeRolePolicyDocument: string;
  trustPolicyVersion: number;
  /** userId → the access-request eligibility that ends last (issue 6); absent: none. */
  eligibilities?: ReadonlyMap<string, RoleEligibility>;
}

export interface RoleEligibility {
  accessRequestId: string;
  expiresAt: string;
}

/** Whether the user may assume the role by an unexpired eligibility (AssumeRole's second trust path). */
export function isEligible(role: ExistingRole, userId: string, now: Date): boolean {
  const eligibility = role.eligibilities?.get(userId);
  return role.status === 'active' && eligibility !== undefined && new Date(eligibility.expiresAt) > now;
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
    case 'RoleEligibilityGranted':
    case 'RoleEligibilityEnded': {
      if (state.status === 'absent') return state;
      const eligibilities = new Map(state.eligibilities);
      const { userId, accessRequestId } = event.data;
      if (event.type === 'RoleEligibilityGranted')
        eligibilities.set(userId, { accessRequestId, expiresAt: event.data.expiresAt });
      else eligibilities.delete(userId);
      return { ...state, eligibilities };
    }
  }
}
