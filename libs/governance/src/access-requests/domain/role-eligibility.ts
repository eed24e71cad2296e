import type { DomainEvent } from '#event-store';

/**
 * Eligibility to assume a role, granted by an access request, on the role's stream (`role-<roleId>`):
 * AssumeRole honours it besides the trust policy until it ends.
 */
export type RoleEligibilityGranted = DomainEvent<
  'RoleEligibilityGranted',
  {
    roleId: string;
    roleName: string;
    userId: string;
    userName: string;
    accessRequestId: string;
    expiresAt: string;
  }
>;
export type RoleEligibilityEnded = DomainEvent<
  'RoleEligibilityEnded',
  { roleId: string; roleName: string; userId: string; accessRequestId: string }
>;
export type RoleEligibilityEvent = RoleEligibilityGranted | RoleEligibilityEnded;

/** A role's trust policy and its eligibilities (userId → the grant that ends last). */
export interface RoleAccess {
  exists: boolean;
  roleId?: string;
  roleName?: string;
  trustPolicy?: string;
  eligibilities: ReadonlyMap<string, { accessRequestId: string; expiresAt: string }>;
}

export const initialRoleAccess: RoleAccess = { exists: false, eligibilities: new Map() };

export function evolveRoleAccess(state: RoleAccess, event: DomainEvent): RoleAccess {
  const data = event.data as Record<string, string>;
  switch (event.type) {
    case 'RoleCreated':
      return {
        ...state,
        exists: true,
        roleId: data.roleId,
        roleName: data.roleName,
        trustPolicy: data.assumeRolePolicyDocument,
      };
    case 'TrustPolicyChanged':
      return { ...state, trustPolicy: data.assumeRolePolicyDocument };
    case 'RoleDeleted':
      return { ...state, exists: false, eligibilities: new Map() };
    case 'RoleEligibilityGranted': {
      const eligibilities = new Map(state.eligibilities);
      eligibilities.set(data.userId, { accessRequestId: data.accessRequestId, expiresAt: data.expiresAt });
      return { ...state, eligibilities };
    }
    case 'RoleEligibilityEnded': {
      const eligibilities = new Map(state.eligibilities);
      eligibilities.delete(data.userId);
      return { ...state, eligibilities };
    }
    default:
      return state;
  }
}

/** Whether the user may assume the role by an unexpired eligibility (the STS trust check's second path). */
export function isEligible(state: RoleAccess, userId: string, now: Date): boolean {
  const eligibility = state.eligibilities.get(userId);
  return eligibility !== undefined && new Date(eligibility.expiresAt) > now;
}

export type EligibilityCommand =
  | { type: 'GrantEligibility'; userId: string; userName: string; accessRequestId: string; expiresAt: string }
  | { type: 'EndEligibility'; userId: string; accessRequestId: string; now: Date };

/**
 * Like memberships, an eligibility is held by the grant that ends last: a grant ending sooner than the one
 * in force adds nothing, and ending a request that no longer holds the eligibility removes nothing.
 */
export function decideEligibility(command: EligibilityCommand, state: RoleAccess): RoleEligibilityEvent[] {
  if (!state.exists) return [];
  const role = { roleId: state.roleId!, roleName: state.roleName! };
  const current = state.eligibilities.get(command.userId);
  if (command.type === 'GrantEligibility') {
    if (current && new Date(current.expiresAt) >= new Date(command.expiresAt)) return [];
    const { userId, userName, accessRequestId, expiresAt } = command;
    return [
      {
        type: 'RoleEligibilityGranted',
        schemaVersion: 1,
        data: { ...role, userId, userName, accessRequestId, expiresAt },
      },
    ];
  }
  if (current?.accessRequestId !== command.accessRequestId || new Date(current.expiresAt) > command.now)
    return [];
  const { userId, accessRequestId } = command;
  return [{ type: 'RoleEligibilityEnded', schemaVersion: 1, data: { ...role, userId, accessRequestId } }];
}
