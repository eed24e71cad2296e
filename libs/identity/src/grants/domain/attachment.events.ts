import type { DomainEvent } from '#event-store';

/** A principal that policies can be attached to; its attachments live on its own stream. */
export type PrincipalKind = 'User' | 'Group' | 'Role';

export const PRINCIPAL_KINDS: readonly PrincipalKind[] = ['User', 'Group', 'Role'];

/** `user-<id>`, `group-<id>`, `role-<id>` (docs/identity-design.md). */
export const principalStreamId = (kind: PrincipalKind, principalId: string) =>
  `${kind.toLowerCase()}-${principalId}`;

export interface AttachmentData {
  principalType: PrincipalKind;
  principalId: string;
  principalName: string;
  policyType: 'System' | 'Custom';
  /** The policy's own spelling of its name. */
  policyName: string;
  /** Custom policies only: names can be reused after a deletion, ids cannot. */
  policyId?: string;
  attachmentId: string;
  /** A time-bound grant: the worker ends it with PolicyAttachmentExpired. */
  expiresAt?: string;
  /** The access request that granted it (issue 6); its end names the request too. */
  accessRequestId?: string;
}

export type PolicyAttached = DomainEvent<'PolicyAttached', AttachmentData>;
export type PolicyDetached = DomainEvent<'PolicyDetached', AttachmentData>;
export type PolicyAttachmentExpired = DomainEvent<'PolicyAttachmentExpired', AttachmentData>;

export type AttachmentEvent = PolicyAttached | PolicyDetached | PolicyAttachmentExpired;

export const ATTACHMENT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'PolicyAttached',
  'PolicyDetached',
  'PolicyAttachmentExpired',
]);

/** The key of the constraint table and of the permission model: `System:<name>` or `Custom:<policyId>`. */
export const policyKey = (policy: Pick<AttachmentData, 'policyType' | 'policyName' | 'policyId'>) =>
  policy.policyType === 'System' ? `System:${policy.policyName}` : `Custom:${policy.policyId}`;
