import type { DomainEvent } from '#event-store';

/**
 * Custom policy events. Documents are JSON text, kept in the events: a policy document is not a secret and
 * the history (audit, "access as it stood at") needs every version that was ever in force.
 */
export type PolicyCreated = DomainEvent<
  'PolicyCreated',
  {
    policyId: string;
    policyName: string;
    accountId: string;
    description?: string;
    /** Always `v1`, the default version. */
    versionId: string;
    policyDocument: string;
    createDate: string;
  }
>;
export type PolicyVersionCreated = DomainEvent<
  'PolicyVersionCreated',
  { policyId: string; policyName: string; versionId: string; policyDocument: string; setAsDefault: boolean }
>;
export type DefaultPolicyVersionSet = DomainEvent<
  'DefaultPolicyVersionSet',
  { policyId: string; policyName: string; versionId: string; previousVersionId: string }
>;
export type PolicyVersionDeleted = DomainEvent<
  'PolicyVersionDeleted',
  { policyId: string; policyName: string; versionId: string }
>;
export type PolicyDeleted = DomainEvent<'PolicyDeleted', { policyId: string; policyName: string }>;

export type PolicyEvent =
  PolicyCreated | PolicyVersionCreated | DefaultPolicyVersionSet | PolicyVersionDeleted | PolicyDeleted;

export const policyStreamId = (policyId: string) => `policy-${policyId}`;
