import { type RoleEligibilityEnded, type RoleEligibilityGranted, type RoleState } from '#identity';

export type RoleEligibilityEvent = RoleEligibilityGranted | RoleEligibilityEnded;

export type EligibilityCommand =
  | { type: 'GrantEligibility'; userId: string; userName: string; accessRequestId: string; expiresAt: string }
  | { type: 'EndEligibility'; userId: string; accessRequestId: string; now: Date };

/**
 * Eligibility to assume a role, on the role's stream; AssumeRole honours it (`isEligible` in `#identity`).
 * Like memberships, it is held by the grant that ends last: a grant ending sooner than the one in force adds
 * nothing, and ending a request that no longer holds the eligibility removes nothing. A deleted role takes
 * its eligibilities with it.
 */
export function decideEligibility(command: EligibilityCommand, state: RoleState): RoleEligibilityEvent[] {
  if (state.status !== 'active') return [];
  const role = { roleId: state.roleId, roleName: state.roleName };
  const current = state.eligibilities?.get(command.userId);
  if (command.type === 'GrantEligibility') {
    if (current && new Date(current.expiresAt) >= new Date(command.expiresAt)) return [];
    const { userId, userName, accessRequestId, expiresAt } = command;
    const data = { ...role, userId, userName, accessRequestId, expiresAt };
    return [{ type: 'RoleEligibilityGranted', schemaVersion: 1, data }];
  }
  if (current?.accessRequestId !== command.accessRequestId || new Date(current.expiresAt) > command.now)
    return [];
  const { userId, accessRequestId } = command;
  return [{ type: 'RoleEligibilityEnded', schemaVersion: 1, data: { ...role, userId, accessRequestId } }];
}
