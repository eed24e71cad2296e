import { arn } from '#common';
import type { ItemType, ReviewItem } from '../domain/access-review.events.js';
import type { AccessSnapshot, GrantOrigin } from './access-snapshot.js';
import type { ItemContext } from './review-items.js';

/** An item before reviewers and evidence are settled: what the snapshot says about one access. */
export type Draft = Omit<ReviewItem, 'itemId' | 'reviewers' | 'flag' | 'evidence'> & {
  grant: GrantOrigin;
  lastUsedDate?: string;
  ageDays?: number;
  /** Owner targets (`Group:<id>`, ...) whose owners review the item in owners mode. */
  ownerTargets: string[];
};

const DAY_MS = 86_400_000;

/** Every access of the snapshot within the scope, one draft per item type the campaign covers. */
export function itemDrafts(snapshot: AccessSnapshot, ctx: ItemContext): Draft[] {
  return [
    ...(wants(ctx, 'GroupMembership') ? memberships(snapshot, ctx) : []),
    ...(wants(ctx, 'PolicyAttachment') ? attachments(snapshot, ctx) : []),
    ...(wants(ctx, 'RoleTrust') ? trustEntries(snapshot, ctx) : []),
    ...(wants(ctx, 'AccessKey') ? accessKeys(snapshot, ctx) : []),
  ];
}

const wants = (ctx: ItemContext, type: ItemType) => ctx.scope.types.includes(type);
const named = (filter: string[] | undefined, name: string) =>
  filter === undefined || filter.some((n) => n.toLowerCase() === name.toLowerCase());
const userSubject = (snapshot: AccessSnapshot, ctx: ItemContext, userId: string) => {
  const name = snapshot.users.get(userId) ?? userId;
  return { kind: 'User' as const, id: userId, name, arn: arn.user(ctx.accountId, name) };
};

function memberships(snapshot: AccessSnapshot, ctx: ItemContext): Draft[] {
  return [...snapshot.memberships.values()]
    .filter((m) => named(ctx.scope.groupNames, snapshot.groups.get(m.groupId) ?? ''))
    .map((m) => ({
      type: 'GroupMembership',
      itemKey: `GroupMembership:${m.groupId}:${m.userId}`,
      grantRef: `position:${m.grant.position}`,
      subject: userSubject(snapshot, ctx, m.userId),
      target: { groupId: m.groupId, groupName: snapshot.groups.get(m.groupId) ?? '' },
      subjectUserIds: [m.userId],
      grant: m.grant,
      ownerTargets: [`Group:${m.groupId}`],
    }));
}

/** Direct grants and group grants; a user's access through a group is the group's attachment item. */
function attachments(snapshot: AccessSnapshot, ctx: ItemContext): Draft[] {
  const { groupNames, roleNames, policyNames } = ctx.scope;
  const principalFilter = groupNames !== undefined || roleNames !== undefined;
  return [...snapshot.attachments.values()]
    .filter(({ data }) => named(policyNames, data.policyName))
    .filter(({ data }) => {
      if (!principalFilter) return true;
      if (data.principalType === 'Group')
        return groupNames !== undefined && named(groupNames, data.principalName);
      if (data.principalType === 'Role')
        return roleNames !== undefined && named(roleNames, data.principalName);
      return false;
    })
    .map(({ data, grant }) => {
      const subject =
        data.principalType === 'User'
          ? userSubject(snapshot, ctx, data.principalId)
          : { kind: data.principalType, id: data.principalId, name: data.principalName };
      const members = [...snapshot.memberships.values()].filter((m) => m.groupId === data.principalId);
      const ownerTargets =
        data.principalType === 'User'
          ? data.policyId
            ? [`Policy:${data.policyId}`]
            : []
          : [`${data.principalType}:${data.principalId}`];
      return {
        type: 'PolicyAttachment' as const,
        itemKey: `PolicyAttachment:${data.principalType}:${data.principalId}:${data.policyType}:${data.policyId ?? data.policyName}`,
        grantRef: data.attachmentId,
        subject,
        target: {
          attachmentId: data.attachmentId,
          policyType: data.policyType,
          policyName: data.policyName,
          via: data.principalType === 'Group' ? 'Group' : 'Direct',
          ...(data.expiresAt && { expiresAt: data.expiresAt }),
        },
        subjectUserIds: data.principalType === 'User' ? [data.principalId] : members.map((m) => m.userId),
        grant,
        ownerTargets,
      };
    });
}

/** Principals a role's trust policy names, and users made eligible to assume it by an access request. */
function trustEntries(snapshot: AccessSnapshot, ctx: ItemContext): Draft[] {
  const drafts: Draft[] = [];
  for (const [roleId, role] of snapshot.roles) {
    if (!named(ctx.scope.roleNames, role.roleName)) continue;
    const sessions = snapshot.roleSessions.get(roleId);
    for (const entry of role.trust.values()) {
      const userId = userIdOfArn(snapshot, ctx.accountId, entry.principal);
      const lastUsed = userId ? sessions?.byCaller.get(userId) : undefined;
      drafts.push({
        type: 'RoleTrust',
        itemKey: `RoleTrust:${roleId}:${entry.principalType}:${entry.principal.toLowerCase()}`,
        grantRef: `position:${entry.grant.position}`,
        subject: { kind: 'Principal', name: entry.principal, ...(userId && { id: userId }) },
        target: { roleId, roleName: role.roleName, entry: 'TrustPolicy', principalType: entry.principalType },
        subjectUserIds: userId ? [userId] : [],
        grant: entry.grant,
        ...(lastUsed && { lastUsedDate: lastUsed }),
        ownerTargets: [`Role:${roleId}`],
      });
    }
    for (const e of snapshot.eligibilities.values()) {
      if (e.roleId !== roleId) continue;
      const lastUsed = sessions?.byCaller.get(e.userId);
      drafts.push({
        type: 'RoleTrust',
        itemKey: `RoleTrust:${roleId}:Eligibility:${e.userId}`,
        grantRef: e.grant.accessRequestId ?? `position:${e.grant.position}`,
        subject: userSubject(snapshot, ctx, e.userId),
        target: {
          roleId,
          roleName: role.roleName,
          entry: 'Eligibility',
          ...(e.expiresAt && { expiresAt: e.expiresAt }),
        },
        subjectUserIds: [e.userId],
        grant: e.grant,
        ...(lastUsed && { lastUsedDate: lastUsed }),
        ownerTargets: [`Role:${roleId}`],
      });
    }
  }
  return drafts;
}

/** Active keys only: an inactive key gives no access. Owners mode: the owners of the user's groups. */
function accessKeys(snapshot: AccessSnapshot, ctx: ItemContext): Draft[] {
  return [...snapshot.accessKeys.entries()]
    .filter(([, key]) => key.status === 'Active')
    .map(([accessKeyId, key]) => {
      const lastUsed = ctx.keyLastUsed.get(accessKeyId);
      const groups = [...snapshot.memberships.values()].filter((m) => m.userId === key.userId);
      return {
        type: 'AccessKey' as const,
        itemKey: `AccessKey:${accessKeyId}`,
        grantRef: accessKeyId,
        subject: userSubject(snapshot, ctx, key.userId),
        target: { accessKeyId, createDate: key.createDate },
        subjectUserIds: [key.userId],
        grant: key.grant,
        ...(lastUsed && { lastUsedDate: lastUsed }),
        ageDays: Math.floor((ctx.now.getTime() - Date.parse(key.createDate)) / DAY_MS),
        ownerTargets: groups.map((m) => `Group:${m.groupId}`),
      };
    });
}

function userIdOfArn(snapshot: AccessSnapshot, accountId: string, principal: string): string | undefined {
  const prefix = `acs:ram::${accountId}:user/`.toLowerCase();
  if (!principal.toLowerCase().startsWith(prefix)) return undefined;
  const name = principal.slice(prefix.length).toLowerCase();
  for (const [userId, userName] of snapshot.users) if (userName.toLowerCase() === name) return userId;
  return undefined;
}
