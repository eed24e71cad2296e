import { type AttachmentData, PERMISSION_EVENT_TYPES, policyKey } from '#identity';
import type { EventLike } from './cause.js';

export type { Cause, EventLike } from './cause.js';
export { causeOf } from './cause.js';

/**
 * Pure translation of one stored event into changes of validity intervals (docs/audit-history.md). Every
 * interval is opened and closed by events of the same stream, so per-stream order (all Kafka guarantees) is
 * enough for the projection to be exact.
 */
export type IntervalKind =
  | 'principal'
  | 'membership'
  | 'attachment'
  | 'policy-version'
  | 'default-version'
  | 'trust-policy'
  | 'eligibility';

export interface IntervalKey {
  kind: IntervalKind;
  subjectId: string;
  objectKey: string;
}

export interface OpenedInterval extends IntervalKey {
  subjectType: 'User' | 'Group' | 'Role' | 'Policy';
  subjectName: string;
  objectName?: string;
  detail: Record<string, unknown>;
  expiresAt?: string;
}

export type IntervalChange =
  | { op: 'open'; interval: OpenedInterval }
  | { op: 'close'; key: IntervalKey }
  /** A deleted principal or policy: every interval still open on it ends. */
  | { op: 'close-subject'; subjectId: string }
  | { op: 'approval'; accessRequestId: string; approvers: string[]; approvedAt?: string };

// The trust policy and the default version are one slot per role / policy: a constant key.
export const TRUST_SLOT = 'trust';
export const DEFAULT_SLOT = 'default';

// The permission model's events (principals, memberships, attachments, policy versions) and the ones only
// history needs: trust changes, eligibilities, request approvals. Role sessions open no interval (they are
// in role_sessions, written with the session): leaving them out spares the projection a progress row for
// every session stream. A unit test holds this set to the types that change an interval.
const SESSION_EVENT_TYPES = new Set(['RoleAssumed', 'RoleSessionsRevoked']);
export const TEMPORAL_EVENT_TYPES: ReadonlySet<string> = new Set([
  ...[...PERMISSION_EVENT_TYPES].filter((type) => !SESSION_EVENT_TYPES.has(type)),
  'AccessRequestApproved',
]);

type Data = Record<string, string | undefined> & { expiresAt?: string };

export function intervalChanges(event: Pick<EventLike, 'type' | 'data'>): IntervalChange[] {
  const d = event.data as Data;
  const open = (interval: OpenedInterval): IntervalChange => ({ op: 'open', interval });
  const close = (kind: IntervalKind, subjectId: string, objectKey: string): IntervalChange => ({
    op: 'close',
    key: { kind, subjectId, objectKey },
  });
  const existence = (subjectType: 'User' | 'Group' | 'Role', id: string, name: string) =>
    open({ kind: 'principal', subjectType, subjectId: id, subjectName: name, objectKey: id, detail: {} });
  const defaultVersion = () =>
    open({
      kind: 'default-version',
      subjectType: 'Policy',
      subjectId: d.policyId!,
      subjectName: d.policyName!,
      objectKey: DEFAULT_SLOT,
      objectName: d.versionId,
      detail: { versionId: d.versionId },
    });
  const trust = () =>
    open({
      kind: 'trust-policy',
      subjectType: 'Role',
      subjectId: d.roleId!,
      subjectName: d.roleName!,
      objectKey: TRUST_SLOT,
      objectName: String(d.trustPolicyVersion),
      detail: { trustPolicyVersion: d.trustPolicyVersion, document: d.assumeRolePolicyDocument },
    });
  const version = () =>
    open({
      kind: 'policy-version',
      subjectType: 'Policy',
      subjectId: d.policyId!,
      subjectName: d.policyName!,
      objectKey: d.versionId!,
      objectName: d.versionId,
      detail: { document: d.policyDocument },
    });
  switch (event.type) {
    case 'UserCreated':
      return [existence('User', d.userId!, d.userName!)];
    case 'GroupCreated':
      return [existence('Group', d.groupId!, d.groupName!)];
    case 'RoleCreated':
      return [existence('Role', d.roleId!, d.roleName!), trust()];
    case 'UserDeleted':
      return [{ op: 'close-subject', subjectId: d.userId! }];
    case 'GroupDeleted':
      return [{ op: 'close-subject', subjectId: d.groupId! }];
    case 'RoleDeleted':
      return [{ op: 'close-subject', subjectId: d.roleId! }];
    case 'PolicyDeleted':
      return [{ op: 'close-subject', subjectId: d.policyId! }];
    // A join or attach may be written again while held (an access request's grant replacing a standing one,
    // or a later end): the new event supersedes the interval still open for that key.
    case 'UserAddedToGroup':
      return [
        close('membership', d.userId!, d.groupId!),
        open({
          kind: 'membership',
          subjectType: 'User',
          subjectId: d.userId!,
          subjectName: d.userName!,
          objectKey: d.groupId!,
          objectName: d.groupName,
          detail: {},
          expiresAt: d.expiresAt,
        }),
      ];
    case 'UserRemovedFromGroup':
      return [close('membership', d.userId!, d.groupId!)];
    case 'PolicyAttached':
      return [
        close('attachment', d.principalId!, attachedPolicyKey(d)),
        open({
          kind: 'attachment',
          subjectType: d.principalType as 'User' | 'Group' | 'Role',
          subjectId: d.principalId!,
          subjectName: d.principalName!,
          objectKey: attachedPolicyKey(d),
          objectName: d.policyName,
          detail: { policyType: d.policyType, policyId: d.policyId, attachmentId: d.attachmentId },
          expiresAt: d.expiresAt,
        }),
      ];
    case 'PolicyDetached':
    case 'PolicyAttachmentExpired':
      return [close('attachment', d.principalId!, attachedPolicyKey(d))];
    case 'PolicyCreated':
      return [version(), defaultVersion()];
    case 'PolicyVersionCreated':
      return (event.data as { setAsDefault?: boolean }).setAsDefault
        ? [version(), close('default-version', d.policyId!, DEFAULT_SLOT), defaultVersion()]
        : [version()];
    case 'DefaultPolicyVersionSet':
      return [close('default-version', d.policyId!, DEFAULT_SLOT), defaultVersion()];
    case 'PolicyVersionDeleted':
      return [close('policy-version', d.policyId!, d.versionId!)];
    case 'TrustPolicyChanged':
      return [close('trust-policy', d.roleId!, TRUST_SLOT), trust()];
    case 'RoleEligibilityGranted':
      return [
        open({
          kind: 'eligibility',
          subjectType: 'Role',
          subjectId: d.roleId!,
          subjectName: d.roleName!,
          objectKey: d.userId!,
          objectName: d.userName,
          detail: {},
          expiresAt: d.expiresAt,
        }),
      ];
    case 'RoleEligibilityEnded':
      return [close('eligibility', d.roleId!, d.userId!)];
    case 'AccessRequestApproved': {
      const approvers = (event.data as { approvers?: string[] }).approvers ?? [];
      return [{ op: 'approval', accessRequestId: d.requestId!, approvers, approvedAt: d.grantedAt }];
    }
    default:
      return [];
  }
}

const attachedPolicyKey = (d: Data) => policyKey(d as unknown as AttachmentData);
