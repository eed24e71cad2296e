import { type CompiledPolicy, CompiledPolicySet, compilePolicy, findSystemPolicy } from '#policy';
import type { MembershipData, PolicyAttachmentData, PolicyVersionData } from './permission-events.js';
import { attachmentKey, PermissionGraph } from './permission-graph.js';
import { roleSessionRecord, type RoleSessionRecord } from './role-sessions.js';

/** Names remembered for `userPolicies` before the memo starts over. */
const USER_NAME_MEMO_LIMIT = 10_000;

interface CachedSet {
  readonly set: CompiledPolicySet;
  readonly validUntil: number;
}

interface AnyEvent {
  type: string;
  data: unknown;
}

/**
 * Who holds which policy, in memory, fed by the identity events in commit order. Each API process keeps one so
 * that an authorization check is a function call: compiled policy sets are cached per principal and dropped
 * whenever an event changes what a principal holds.
 */
export class PermissionModel extends PermissionGraph {
  private readonly compiledVersions = new Map<string, CompiledPolicy>();
  private readonly sets = new Map<string, CachedSet>();
  /** The same cached sets by the user name a check gave (a check names its user on every call). */
  private readonly userSetsByName = new Map<string, CachedSet>();

  apply(event: AnyEvent): void {
    const data = event.data as Record<string, string | undefined>;
    switch (event.type) {
      case 'UserCreated':
        this.users.set(data.userId!, {
          id: data.userId!,
          name: data.userName!,
          policies: new Map(),
          groups: new Set(),
        });
        this.usersByName.set(data.userName!.toLowerCase(), data.userId!);
        break;
      case 'UserDeleted':
        this.usersByName.delete(data.userName!.toLowerCase());
        this.users.delete(data.userId!);
        break;
      case 'GroupCreated':
        this.groups.set(data.groupId!, { id: data.groupId!, name: data.groupName!, policies: new Map() });
        break;
      case 'GroupDeleted':
        this.groups.delete(data.groupId!);
        break;
      case 'RoleCreated':
        this.roles.set(data.roleId!, {
          id: data.roleId!,
          name: data.roleName!,
          policies: new Map(),
          trustPolicy: data.assumeRolePolicyDocument ?? '',
          trustPolicyVersion: 1,
          eligible: new Map(),
        });
        this.rolesByName.set(data.roleName!.toLowerCase(), data.roleId!);
        break;
      case 'RoleDeleted':
        this.rolesByName.delete(data.roleName!.toLowerCase());
        this.roles.delete(data.roleId!);
        this.sessions.roleDeleted(data.roleId!);
        break;
      case 'TrustPolicyChanged': {
        const role = this.roles.get(data.roleId!);
        if (!role) return;
        role.trustPolicy = data.assumeRolePolicyDocument!;
        role.trustPolicyVersion = Number(data.trustPolicyVersion);
        return; // trust decides who may assume a role, not what its policies allow: cached sets stay valid
      }
      case 'RoleAssumed':
        this.sessions.assumed(data.roleId!, roleSessionRecord(event.data as RoleSessionRecord));
        return;
      case 'RoleSessionsRevoked':
        this.sessions.revoked(data.roleId!, data.revokedBefore!);
        return;
      case 'RoleEligibilityGranted': {
        const eligible = this.roles.get(data.roleId!)?.eligible;
        if (!eligible) return;
        const grants = eligible.get(data.userId!) ?? new Map<string, number>();
        grants.set(data.accessRequestId!, Date.parse(data.expiresAt!));
        eligible.set(data.userId!, grants);
        return; // who may assume a role, not what a principal holds: cached sets stay valid
      }
      case 'RoleEligibilityEnded':
        this.roles.get(data.roleId!)?.eligible.get(data.userId!)?.delete(data.accessRequestId!);
        return;
      case 'UserAddedToGroup':
        this.users
          .get((event.data as MembershipData).userId)
          ?.groups.add((event.data as MembershipData).groupId);
        break;
      case 'UserRemovedFromGroup':
        this.users
          .get((event.data as MembershipData).userId)
          ?.groups.delete((event.data as MembershipData).groupId);
        break;
      case 'PolicyAttached': {
        const attachment = event.data as PolicyAttachmentData;
        this.principal(attachment)?.policies.set(attachmentKey(attachment), attachment);
        break;
      }
      case 'PolicyDetached':
      case 'PolicyAttachmentExpired': {
        const attachment = event.data as PolicyAttachmentData;
        this.principal(attachment)?.policies.delete(attachmentKey(attachment));
        break;
      }
      case 'PolicyCreated':
      case 'PolicyVersionCreated':
        this.addVersion(event.data as PolicyVersionData, event.type === 'PolicyCreated');
        break;
      case 'DefaultPolicyVersionSet': {
        const policy = this.customPolicies.get(data.policyId!);
        if (policy) policy.defaultVersion = data.versionId;
        break;
      }
      case 'PolicyVersionDeleted':
        this.customPolicies.get(data.policyId!)?.versions.delete(data.versionId!);
        break;
      case 'PolicyDeleted':
        this.customPolicies.delete(data.policyId!);
        break;
      default:
        return;
    }
    // Permission changes are rare next to checks: dropping every cached set keeps invalidation obviously right.
    this.sets.clear();
    this.userSetsByName.clear();
  }

  /**
   * The compiled policies in force for a user (own and its groups') at `now`, or undefined for an unknown user.
   * A time-bound grant stops counting at its expiry even before the worker's expiry event arrives.
   */
  userPolicies(userName: string, now = new Date()): CompiledPolicySet | undefined {
    const known = this.userSetsByName.get(userName);
    if (known && now.getTime() < known.validUntil) return known.set;
    const userId = this.userIdByName(userName);
    if (!userId) return undefined;
    const cached = this.cached(`user:${userId}`, now, () => {
      const user = this.users.get(userId)!;
      const attachments = [...user.policies.values()];
      for (const groupId of user.groups)
        attachments.push(...(this.groups.get(groupId)?.policies.values() ?? []));
      return attachments;
    });
    if (this.userSetsByName.size >= USER_NAME_MEMO_LIMIT) this.userSetsByName.clear(); // spellings vary
    this.userSetsByName.set(userName, cached);
    return cached.set;
  }

  rolePolicies(roleName: string, now = new Date()): CompiledPolicySet | undefined {
    const roleId = this.roleIdByName(roleName);
    if (!roleId) return undefined;
    return this.cached(`role:${roleId}`, now, () => [...this.roles.get(roleId)!.policies.values()]).set;
  }

  /** A cached set is valid until the earliest expiry among the grants it contains. */
  private cached(key: string, now: Date, attachments: () => PolicyAttachmentData[]): CachedSet {
    const at = now.getTime();
    const hit = this.sets.get(key);
    if (hit && at < hit.validUntil) return hit;
    const seen = new Set<string>();
    const compiled: CompiledPolicy[] = [];
    let validUntil = Number.POSITIVE_INFINITY;
    for (const attachment of attachments()) {
      const expiresAt = attachment.expiresAt ? Date.parse(attachment.expiresAt) : Number.POSITIVE_INFINITY;
      if (expiresAt <= at) continue;
      validUntil = Math.min(validUntil, expiresAt);
      const policyKey = attachmentKey(attachment);
      if (seen.has(policyKey)) continue; // the same policy via two groups counts once
      seen.add(policyKey);
      const policy = this.compiled(attachment);
      if (policy) compiled.push(policy);
    }
    const entry = { set: new CompiledPolicySet(compiled), validUntil };
    this.sets.set(key, entry);
    return entry;
  }

  private compiled(attachment: PolicyAttachmentData): CompiledPolicy | undefined {
    if (attachment.policyType === 'System') {
      const key = `System:${attachment.policyName}`;
      return this.memo(key, () => {
        const system = findSystemPolicy(attachment.policyName);
        if (!system) return undefined;
        return compilePolicy(system.document, {
          policyType: 'System',
          policyName: system.policyName,
          versionId: 'v1',
        });
      });
    }
    const policy = attachment.policyId ? this.customPolicies.get(attachment.policyId) : undefined;
    const versionId = policy?.defaultVersion;
    const document = versionId ? this.customVersion(policy.policyId, versionId) : undefined;
    if (!policy || !versionId || document === undefined) return undefined;
    return this.memo(`Custom:${policy.policyId}:${versionId}`, () =>
      compilePolicy(document, {
        policyType: 'Custom',
        policyName: policy.policyName,
        versionId,
      }),
    );
  }

  private memo(key: string, build: () => CompiledPolicy | undefined): CompiledPolicy | undefined {
    const existing = this.compiledVersions.get(key);
    if (existing) return existing;
    const built = build();
    if (built) this.compiledVersions.set(key, built);
    return built;
  }
}
