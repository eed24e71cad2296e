import { DomainError, invalidParameter } from '#common';
import { type AttachmentData, type AttachmentEvent, policyKey } from './attachment.events.js';
import type { PrincipalAttachments } from './attachment.state.js';

export const MAX_SYSTEM_POLICIES = 20;
export const MAX_CUSTOM_POLICIES = 10;
/** The longest a time-bound grant may run; beyond that it is a standing grant and should say so. */
export const MAX_GRANT_DURATION_MS = 366 * 24 * 3600 * 1000;

type Principal = Pick<AttachmentData, 'principalType' | 'principalId' | 'principalName'>;
type PolicyRef = Pick<AttachmentData, 'policyType' | 'policyName' | 'policyId'>;

export type AttachmentCommand =
  | {
      type: 'AttachPolicy';
      principal: Principal;
      policy: PolicyRef;
      attachmentId: string;
      expiresAt?: Date;
      accessRequestId?: string;
      now: Date;
    }
  | { type: 'DetachPolicy'; principal: Principal; policy: PolicyRef }
  | { type: 'ExpireAttachment'; attachmentId: string; now: Date };

const event = <E extends AttachmentEvent>(type: E['type'], data: E['data']) =>
  ({ type, schemaVersion: 1, data }) as E;

/**
 * Grants on one principal. The limits are decided here, on the principal's stream state, and the handler
 * appends with that stream's expected version: two racing grants cannot both take the last free slot.
 */
export function decideAttachment(command: AttachmentCommand, state: PrincipalAttachments): AttachmentEvent[] {
  switch (command.type) {
    case 'AttachPolicy':
      return attach(command, state);
    case 'DetachPolicy': {
      const current = state.attachments.get(policyKey(command.policy));
      if (!current) {
        throw new DomainError(
          'EntityNotExist.PolicyAttachment',
          `The policy ${command.policy.policyName} is not attached to ${command.principal.principalName}`,
          404,
        );
      }
      return [event('PolicyDetached', current)];
    }
    case 'ExpireAttachment': {
      // A grant detached, or detached and granted again, since the timer found it: nothing to end.
      const current = [...state.attachments.values()].find((a) => a.attachmentId === command.attachmentId);
      if (!current?.expiresAt || new Date(current.expiresAt) > command.now) return [];
      return [event('PolicyAttachmentExpired', current)];
    }
  }
}

function attach(command: Extract<AttachmentCommand, { type: 'AttachPolicy' }>, state: PrincipalAttachments) {
  const { principal, policy, expiresAt, now } = command;
  if (expiresAt !== undefined) assertExpiry(expiresAt, now);
  const current = state.attachments.get(policyKey(policy));
  const granted = grantData(command);
  // Already attached: granting again changes nothing (RAM answers success), so the HTTP layer says 200 —
  // unless it outlasts a time-bound grant (standing, or ending later): it then replaces that grant, so the
  // access lasts as long as its longest source (an access request, a direct grant).
  if (current)
    return outlasts(granted, current)
      ? [event('PolicyDetached', current), event('PolicyAttached', granted)]
      : [];
  const limit = policy.policyType === 'System' ? MAX_SYSTEM_POLICIES : MAX_CUSTOM_POLICIES;
  const held = [...state.attachments.values()].filter((a) => a.policyType === policy.policyType).length;
  if (held >= limit) {
    throw new DomainError(
      `LimitExceeded.Policy.${policy.policyType}`,
      `A ${principal.principalType.toLowerCase()} holds at most ${limit} ${policy.policyType.toLowerCase()} policies`,
      409,
    );
  }
  return [event('PolicyAttached', granted)];
}

function grantData(command: Extract<AttachmentCommand, { type: 'AttachPolicy' }>): AttachmentData {
  const { principal, policy, expiresAt, accessRequestId } = command;
  return {
    ...principal,
    policyType: policy.policyType,
    policyName: policy.policyName,
    ...(policy.policyId !== undefined && { policyId: policy.policyId }),
    attachmentId: command.attachmentId,
    ...(expiresAt !== undefined && { expiresAt: expiresAt.toISOString() }),
    ...(accessRequestId !== undefined && { accessRequestId }),
  };
}

function outlasts(next: AttachmentData, current: AttachmentData): boolean {
  if (current.expiresAt === undefined) return false;
  return next.expiresAt === undefined || new Date(next.expiresAt) > new Date(current.expiresAt);
}

function assertExpiry(expiresAt: Date, now: Date): void {
  const remaining = expiresAt.getTime() - now.getTime();
  if (!(remaining > 0) || remaining > MAX_GRANT_DURATION_MS) {
    throw invalidParameter('ExpiresAt', 'expiresAt must be in the future and at most one year ahead');
  }
}
