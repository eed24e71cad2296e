import type { StoredEvent } from '#event-store';
import type { AttachmentData } from '#identity';
import { parseTrustPolicyDocument, trustedPrincipals } from '#policy';

/** The event that granted an access: the review's evidence of how it was obtained. */
export interface GrantOrigin {
  position: number;
  actorArn: string;
  occurredAt: string;
  accessRequestId?: string;
}

interface TrustEntry {
  principalType: string;
  principal: string;
  grant: GrantOrigin;
}

/**
 * Who had which access, folded from identity and governance events in commit order. Pure: the same events up
 * to a checkpoint always give the same snapshot, which is what lets a review prove what it certified.
 */
export interface AccessSnapshot {
  users: Map<string, string>;
  groups: Map<string, string>;
  roles: Map<string, { roleName: string; trust: Map<string, TrustEntry> }>;
  memberships: Map<string, { groupId: string; userId: string; grant: GrantOrigin }>;
  attachments: Map<string, { data: AttachmentData; grant: GrantOrigin }>;
  accessKeys: Map<string, { userId: string; createDate: string; status: string; grant: GrantOrigin }>;
  eligibilities: Map<string, { roleId: string; userId: string; expiresAt?: string; grant: GrantOrigin }>;
  /** `<Group|Role|Policy>:<targetId>` → owner userId → userName. */
  owners: Map<string, Map<string, string>>;
  requestApprovers: Map<string, string[]>;
  /** roleId → last session start, overall and per calling principal id. */
  roleSessions: Map<string, { last: string; byCaller: Map<string, string> }>;
}

export const emptySnapshot = (): AccessSnapshot => ({
  users: new Map(),
  groups: new Map(),
  roles: new Map(),
  memberships: new Map(),
  attachments: new Map(),
  accessKeys: new Map(),
  eligibilities: new Map(),
  owners: new Map(),
  requestApprovers: new Map(),
  roleSessions: new Map(),
});

export const membershipKey = (groupId: string, userId: string) => `${groupId}/${userId}`;
export const eligibilityKey = (roleId: string, userId: string) => `${roleId}/${userId}`;

type Data = Record<string, unknown> & { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Applies one stored event in place (the fold runs over the whole log, so it does not copy). */
export function foldIntoSnapshot(snapshot: AccessSnapshot, event: StoredEvent): void {
  const data = event.data as Data;
  const grant: GrantOrigin = {
    position: event.position,
    actorArn: event.metadata.actorArn,
    occurredAt: event.occurredAt.toISOString(),
    ...(typeof data.accessRequestId === 'string' && { accessRequestId: data.accessRequestId }),
  };
  switch (event.type) {
    case 'UserCreated':
      return void snapshot.users.set(data.userId, data.userName);
    case 'UserDeleted':
      return void snapshot.users.delete(data.userId);
    case 'GroupCreated':
      return void snapshot.groups.set(data.groupId, data.groupName);
    case 'GroupDeleted':
      return void snapshot.groups.delete(data.groupId);
    case 'RoleCreated':
      snapshot.roles.set(data.roleId, { roleName: data.roleName, trust: new Map() });
      return setTrust(snapshot, data.roleId, data.assumeRolePolicyDocument, grant);
    case 'TrustPolicyChanged':
      return setTrust(snapshot, data.roleId, data.assumeRolePolicyDocument, grant);
    case 'RoleDeleted':
      return void snapshot.roles.delete(data.roleId);
    case 'UserAddedToGroup':
      return void snapshot.memberships.set(membershipKey(data.groupId, data.userId), {
        groupId: data.groupId,
        userId: data.userId,
        grant,
      });
    case 'UserRemovedFromGroup':
      return void snapshot.memberships.delete(membershipKey(data.groupId, data.userId));
    case 'PolicyAttached':
      return void snapshot.attachments.set(data.attachmentId, {
        data: data as unknown as AttachmentData,
        grant,
      });
    case 'PolicyDetached':
    case 'PolicyAttachmentExpired':
      return void snapshot.attachments.delete(data.attachmentId);
    case 'AccessKeyCreated':
      return void snapshot.accessKeys.set(data.accessKeyId, {
        userId: data.userId,
        createDate: data.createDate,
        status: 'Active',
        grant,
      });
    case 'AccessKeyStatusChanged': {
      const key = snapshot.accessKeys.get(data.accessKeyId);
      return void (key && snapshot.accessKeys.set(data.accessKeyId, { ...key, status: data.status }));
    }
    case 'AccessKeyDeleted':
      return void snapshot.accessKeys.delete(data.accessKeyId);
    case 'RoleEligibilityGranted':
      return void snapshot.eligibilities.set(eligibilityKey(data.roleId, data.userId), {
        roleId: data.roleId,
        userId: data.userId,
        ...(data.expiresAt && { expiresAt: data.expiresAt }),
        grant,
      });
    case 'RoleEligibilityEnded':
      return void snapshot.eligibilities.delete(eligibilityKey(data.roleId, data.userId));
    case 'OwnerAdded':
    case 'OwnerRemoved': {
      const key = `${data.targetType}:${data.targetId}`;
      const owners = snapshot.owners.get(key) ?? new Map<string, string>();
      if (event.type === 'OwnerAdded') owners.set(data.userId, data.userName);
      else owners.delete(data.userId);
      return void snapshot.owners.set(key, owners);
    }
    case 'AccessRequestApproved':
      return void snapshot.requestApprovers.set(data.requestId, [...(data.approvers ?? [])]);
    case 'RoleAssumed': {
      const sessions = snapshot.roleSessions.get(data.roleId) ?? { last: '', byCaller: new Map() };
      if (data.issuedAt > sessions.last) sessions.last = data.issuedAt;
      sessions.byCaller.set(data.callerPrincipalId, data.issuedAt);
      return void snapshot.roleSessions.set(data.roleId, sessions);
    }
  }
}

/**
 * A trust entry keeps the origin of the change that first trusted it, so an unchanged principal across
 * trust-policy versions stays the same certified grant.
 */
function setTrust(snapshot: AccessSnapshot, roleId: string, document: string, grant: GrantOrigin): void {
  const role = snapshot.roles.get(roleId);
  if (!role) return;
  const next = new Map<string, TrustEntry>();
  for (const p of trustedPrincipals(parseTrustPolicyDocument(document))) {
    const key = `${p.type}|${p.principal.toLowerCase()}`;
    next.set(key, role.trust.get(key) ?? { principalType: p.type, principal: p.principal, grant });
  }
  role.trust = next;
}
