import type { DomainEvent } from '#event-store';
import type { TrustAnalysis } from './trust-analysis.js';

export interface RoleSettings {
  description?: string;
  maxSessionDuration: number;
}

export type RoleCreated = DomainEvent<
  'RoleCreated',
  {
    roleId: string;
    roleName: string;
    accountId: string;
    assumeRolePolicyDocument: string;
    /** Trust-policy version 1; only a reviewed trust-policy change moves it (roles issue). */
    trustPolicyVersion: number;
    trustAnalysis: TrustAnalysis;
    createDate: string;
  } & RoleSettings
>;
export type RoleUpdated = DomainEvent<
  'RoleUpdated',
  { roleId: string; roleName: string; changes: Partial<RoleSettings> }
>;
export type RoleDeleted = DomainEvent<'RoleDeleted', { roleId: string; roleName: string }>;
/** Every session of the role issued at or before `revokedBefore` (ISO time) stops working (STS). */
export type RoleSessionsRevoked = DomainEvent<
  'RoleSessionsRevoked',
  { roleId: string; roleName: string; revokedBefore: string }
>;

/** A reviewed trust-policy change applied (written only by an approved `trustchange-<changeId>`). */
export type TrustPolicyChanged = DomainEvent<
  'TrustPolicyChanged',
  {
    roleId: string;
    roleName: string;
    assumeRolePolicyDocument: string;
    trustPolicyVersion: number;
    previousTrustPolicyVersion: number;
    changeId: string;
    proposerArn: string;
    approvers: string[];
  }
>;

/**
 * Eligibility to assume the role granted by an access request (issue 6): AssumeRole honours it besides the
 * trust policy until `expiresAt`, and the worker ends it with RoleEligibilityEnded naming the request.
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

export type RoleEvent =
  | RoleCreated
  | RoleUpdated
  | RoleDeleted
  | RoleSessionsRevoked
  | TrustPolicyChanged
  | RoleEligibilityGranted
  | RoleEligibilityEnded;

export const roleStreamId = (roleId: string) => `role-${roleId}`;
