import { arn, DomainError, entityNotExist } from '#common';
import type { EventStoreTransaction } from '#event-store';
import { findSystemPolicy } from '#policy';
import { lockOwnerTarget } from '../../owners/owner-target.js';
import type { OwnerTargetType } from '../../owners/domain/owner.events.js';
import type { AccessTarget } from '../domain/access-request.events.js';

/** The target as a request body names it (API.md "Access requests"). */
export type TargetInput =
  | { type: 'GroupMembership'; groupName: string }
  | { type: 'PolicyAttachment'; policyType: string; policyName: string }
  | { type: 'RoleAssumption'; roleName: string };

export const policyArn = (accountId: string, policyName: string) =>
  `acs:ram::${accountId}:policy/${policyName}`;

/** The ARN of what is asked for, from the names of a request body or of a resolved target. */
export function targetArnOf(accountId: string, target: TargetInput | AccessTarget): string {
  switch (target.type) {
    case 'GroupMembership':
      return arn.group(accountId, target.groupName);
    case 'RoleAssumption':
      return arn.role(accountId, target.roleName);
    case 'PolicyAttachment':
      return policyArn(accountId, target.policyName);
  }
}

/** Which owners a target's approvals fall to: a System policy has none (it belongs to the platform). */
export function ownerTargetOf(target: AccessTarget): { type: OwnerTargetType; id: string } | undefined {
  switch (target.type) {
    case 'GroupMembership':
      return { type: 'Group', id: target.groupId };
    case 'RoleAssumption':
      return { type: 'Role', id: target.roleId };
    case 'PolicyAttachment':
      return target.policyId === undefined ? undefined : { type: 'Policy', id: target.policyId };
  }
}

/** Resolves the named target under its name row (FOR SHARE), with its canonical spelling and id. */
export async function resolveTarget(tx: EventStoreTransaction, input: TargetInput): Promise<AccessTarget> {
  switch (input.type) {
    case 'GroupMembership': {
      const { id, state } = await lockActive(tx, 'Group', input.groupName);
      return { type: input.type, groupId: id, groupName: state };
    }
    case 'RoleAssumption': {
      const { id, state } = await lockActive(tx, 'Role', input.roleName);
      return { type: input.type, roleId: id, roleName: state };
    }
    case 'PolicyAttachment': {
      if (input.policyType === 'System') {
        const policy = findSystemPolicy(input.policyName);
        if (!policy) throw entityNotExist('Policy', input.policyName.slice(0, 128));
        return { type: input.type, policyType: 'System', policyName: policy.policyName };
      }
      if (input.policyType !== 'Custom') {
        throw new DomainError('InvalidParameter.PolicyType', 'policyType must be System or Custom', 400);
      }
      const { id, state } = await lockActive(tx, 'Policy', input.policyName);
      return { type: input.type, policyType: 'Custom', policyName: state, policyId: id };
    }
  }
}

async function lockActive(tx: EventStoreTransaction, kind: OwnerTargetType, name: string) {
  const target = await lockOwnerTarget(tx, kind, name);
  if (target.state.status !== 'active') throw entityNotExist(kind, name.slice(0, 128));
  return { id: target.id, state: target.state.targetName };
}
