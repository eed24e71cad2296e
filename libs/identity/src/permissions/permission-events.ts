/**
 * The event data the permission model reads, as the identity deciders write it (docs/identity-design.md).
 * Only the fields needed to know who holds which policy; everything else in the events is ignored here.
 */
export type PrincipalType = 'User' | 'Group' | 'Role';

export interface PolicyAttachmentData {
  principalType: PrincipalType;
  principalId: string;
  principalName?: string;
  policyType: 'System' | 'Custom';
  policyName: string;
  policyId?: string;
  expiresAt?: string;
}

export interface MembershipData {
  userId: string;
  groupId: string;
  groupName?: string;
}

export interface PolicyVersionData {
  policyId: string;
  policyName?: string;
  versionId: string;
  policyDocument?: string;
  setAsDefault?: boolean;
}

export const PERMISSION_EVENT_TYPES = new Set([
  'UserCreated',
  'UserDeleted',
  'GroupCreated',
  'GroupDeleted',
  'RoleCreated',
  'RoleDeleted',
  'UserAddedToGroup',
  'UserRemovedFromGroup',
  'PolicyAttached',
  'PolicyDetached',
  'PolicyAttachmentExpired',
  'PolicyCreated',
  'PolicyVersionCreated',
  'DefaultPolicyVersionSet',
  'PolicyVersionDeleted',
  'PolicyDeleted',
  // Who may assume a role and its recent sessions, for trust-change analyses (libs/governance).
  'TrustPolicyChanged',
  'RoleAssumed',
  'RoleSessionsRevoked',
  'RoleEligibilityGranted',
  'RoleEligibilityEnded',
]);
