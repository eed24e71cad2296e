import {
  findSystemPolicy,
  parsePolicyDocument,
  parseTrustPolicyDocument,
  type PolicyDocument,
  type TrustPolicyDocument,
} from '#policy';
import type { PolicyAttachmentData, PolicyVersionData, PrincipalType } from './permission-events.js';
import { RecentRoleSessions, type RoleSessionRecord } from './role-sessions.js';

export interface Principal {
  id: string;
  name: string;
  /** attachment key (`System:<name>` / `Custom:<policyId>`) → how it is referenced */
  policies: Map<string, PolicyAttachmentData>;
}

export interface User extends Principal {
  groups: Set<string>;
}

export interface Role extends Principal {
  trustPolicy: string;
  trustPolicyVersion: number;
  /** userId → accessRequestId → expiry (ms): eligibilities from approved access requests (issue 6). */
  eligible: Map<string, Map<string, number>>;
}

/** A principal as governance analyses read it (escalation paths, trust-change analysis). */
export interface PrincipalSummary {
  kind: 'User' | 'Role';
  id: string;
  name: string;
}

export interface CustomPolicy {
  policyId: string;
  policyName: string;
  defaultVersion?: string;
  versions: Map<string, string>;
}

export const attachmentKey = (a: Pick<PolicyAttachmentData, 'policyType' | 'policyName' | 'policyId'>) =>
  a.policyType === 'System' ? `System:${a.policyName}` : `Custom:${a.policyId ?? a.policyName.toLowerCase()}`;

/**
 * Who holds which policy and who may assume which role, in memory: the state the identity events build
 * (PermissionModel applies them), with the read accessors governance analyses use (trust changes, escalation
 * paths). Parsed documents are kept per version, so reading them again costs nothing.
 */
export class PermissionGraph {
  protected readonly users = new Map<string, User>();
  protected readonly usersByName = new Map<string, string>();
  protected readonly groups = new Map<string, Principal>();
  protected readonly roles = new Map<string, Role>();
  protected readonly rolesByName = new Map<string, string>();
  protected readonly customPolicies = new Map<string, CustomPolicy>();
  protected readonly sessions = new RecentRoleSessions();
  private readonly parsedTrust = new Map<string, TrustPolicyDocument>();
  private readonly parsedDocuments = new Map<string, PolicyDocument>();

  userIdByName(userName: string): string | undefined {
    return this.usersByName.get(userName.toLowerCase());
  }

  roleIdByName(roleName: string): string | undefined {
    return this.rolesByName.get(roleName.toLowerCase());
  }

  userSummaries(): (PrincipalSummary & { groupIds: string[] })[] {
    return [...this.users.values()].map((u) => ({
      kind: 'User',
      id: u.id,
      name: u.name,
      groupIds: [...u.groups],
    }));
  }

  roleSummaries(): (PrincipalSummary & { trustPolicyVersion: number })[] {
    return [...this.roles.values()].map((r) => ({
      kind: 'Role',
      id: r.id,
      name: r.name,
      trustPolicyVersion: r.trustPolicyVersion,
    }));
  }

  groupSummaries(): { id: string; name: string }[] {
    return [...this.groups.values()].map((g) => ({ id: g.id, name: g.name }));
  }

  /** The role's trust policy as last applied (RoleCreated, then each TrustPolicyChanged), parsed once. */
  trustPolicy(roleId: string): TrustPolicyDocument | undefined {
    const role = this.roles.get(roleId);
    if (!role) return undefined;
    const key = `${roleId}:${role.trustPolicyVersion}`;
    let parsed = this.parsedTrust.get(key);
    if (!parsed) {
      parsed = parseTrustPolicyDocument(role.trustPolicy);
      this.parsedTrust.set(key, parsed);
    }
    return parsed;
  }

  /** The grants in force on one principal itself (not its groups') at `now`. */
  attachments(kind: PrincipalType, id: string, now = new Date()): PolicyAttachmentData[] {
    const holder = this.principal({ principalType: kind, principalId: id });
    const at = now.getTime();
    return [...(holder?.policies.values() ?? [])].filter((a) => !a.expiresAt || Date.parse(a.expiresAt) > at);
  }

  /** The documents in force for a user (own and its groups'), a group or a role, deduplicated by policy. */
  documents(kind: PrincipalType, id: string, now = new Date()): PolicyDocument[] {
    const held = this.attachments(kind, id, now);
    if (kind === 'User')
      for (const groupId of this.users.get(id)?.groups ?? [])
        held.push(...this.attachments('Group', groupId, now));
    const byKey = new Map(held.map((a) => [attachmentKey(a), a]));
    return [...byKey.values()].flatMap((a) => {
      const document = this.defaultDocument(a);
      return document ? [document] : [];
    });
  }

  /** The document a grant refers to: the system policy, or the custom policy's default version. */
  defaultDocument(a: Pick<PolicyAttachmentData, 'policyType' | 'policyName' | 'policyId'>) {
    if (a.policyType === 'System') return findSystemPolicy(a.policyName)?.document;
    const policy = a.policyId ? this.customPolicies.get(a.policyId) : undefined;
    return policy?.defaultVersion ? this.customVersion(policy.policyId, policy.defaultVersion) : undefined;
  }

  /** Every version of a custom policy, parsed: escalation analysis asks whether another version grants more. */
  customPolicyVersions(
    policyId: string,
  ): { versionId: string; isDefault: boolean; document: PolicyDocument }[] {
    const policy = this.customPolicies.get(policyId);
    if (!policy) return [];
    return [...policy.versions.keys()].map((versionId) => ({
      versionId,
      isDefault: versionId === policy.defaultVersion,
      document: this.customVersion(policyId, versionId)!,
    }));
  }

  /** May the user assume the role through an unexpired eligibility from an approved access request? */
  isEligible(roleId: string, userId: string, now = new Date()): boolean {
    const grants = this.roles.get(roleId)?.eligible.get(userId);
    return [...(grants?.values() ?? [])].some((expiresAt) => expiresAt > now.getTime());
  }

  /** The most recent unexpired, unrevoked session of the role with that session name. */
  latestRoleSession(
    roleId: string,
    roleSessionName: string,
    now = new Date(),
  ): RoleSessionRecord | undefined {
    return this.sessions.latest(roleId, roleSessionName, now);
  }

  /** Sessions of the role issued in the last 24 hours, unexpired and not revoked. */
  recentRoleSessions(roleId: string, now = new Date()): RoleSessionRecord[] {
    return this.sessions.recent(roleId, now);
  }

  protected customVersion(policyId: string, versionId: string): PolicyDocument | undefined {
    const text = this.customPolicies.get(policyId)?.versions.get(versionId);
    if (text === undefined) return undefined;
    const key = `parsed:${policyId}:${versionId}`;
    let parsed = this.parsedDocuments.get(key);
    if (!parsed) {
      parsed = parsePolicyDocument(text);
      this.parsedDocuments.set(key, parsed);
    }
    return parsed;
  }

  protected principal(
    attachment: Pick<PolicyAttachmentData, 'principalType' | 'principalId'>,
  ): Principal | undefined {
    if (attachment.principalType === 'User') return this.users.get(attachment.principalId);
    if (attachment.principalType === 'Group') return this.groups.get(attachment.principalId);
    return this.roles.get(attachment.principalId);
  }

  protected addVersion(data: PolicyVersionData, created: boolean): void {
    let policy = this.customPolicies.get(data.policyId);
    if (!policy) {
      policy = { policyId: data.policyId, policyName: data.policyName ?? data.policyId, versions: new Map() };
      this.customPolicies.set(data.policyId, policy);
    }
    if (data.policyDocument !== undefined) policy.versions.set(data.versionId, data.policyDocument);
    if (created || data.setAsDefault) policy.defaultVersion = data.versionId;
  }
}
