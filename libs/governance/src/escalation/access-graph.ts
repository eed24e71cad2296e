import { arn as arnOf } from '#common';
import type { PermissionModel, PrincipalSummary, PrincipalType } from '#identity';
import {
  CompiledPolicySet,
  evaluateTrust,
  isAdministrative,
  type PolicyDocument,
  type TrustPolicyDocument,
} from '#policy';

export interface GraphNode extends PrincipalSummary {
  arn: string;
}

/** A hypothetical state to analyse: a role's trust policy replaced, or a principal's grants changed. */
export interface GraphOverrides {
  trust?: { roleId: string; document: TrustPolicyDocument };
  /** Documents of one principal (user, group or role) replaced wholesale. */
  documents?: { kind: PrincipalType; id: string; documents: PolicyDocument[] };
}

/**
 * The permission graph of one account at one instant, read from the in-memory PermissionModel: who holds
 * what, who may assume which role. Answers are memoised, so build a new graph for a new state or instant.
 */
export class AccessGraph {
  private readonly sets = new Map<string, CompiledPolicySet>();
  private readonly assumable = new Map<string, GraphNode[]>();
  private readonly relaxedTrust = new Map<string, TrustPolicyDocument>();
  readonly users: GraphNode[];
  readonly roles: GraphNode[];
  /** userId → the groups it belongs to. */
  readonly groupsOf: Map<string, string[]>;

  constructor(
    readonly model: PermissionModel,
    readonly accountId: string,
    readonly now: Date = new Date(),
    readonly overrides: GraphOverrides = {},
  ) {
    const users = model.userSummaries();
    this.groupsOf = new Map(users.map((u) => [u.id, u.groupIds]));
    this.users = users.map(({ groupIds: _groups, ...u }) => this.node(u));
    this.roles = model.roleSummaries().map(({ trustPolicyVersion: _v, ...r }) => this.node(r));
  }

  /** A variant of this graph (same model and instant) under other overrides. */
  with(overrides: GraphOverrides): AccessGraph {
    return new AccessGraph(this.model, this.accountId, this.now, overrides);
  }

  nodes(): GraphNode[] {
    return [...this.users, ...this.roles];
  }

  /** The user or role an ARN names (a role session stands for its role), or undefined. */
  byArn(principalArn: string): GraphNode | undefined {
    const match = /^acs:ram::(\d+):(user|role|assumed-role)\/([^/]+)/.exec(principalArn);
    if (!match || match[1] !== this.accountId) return undefined;
    const name = match[3]!.toLowerCase();
    const pool = match[2] === 'user' ? this.users : this.roles;
    return pool.find((n) => n.name.toLowerCase() === name);
  }

  /** The documents in force for a principal (a user's include its groups'), with any override applied. */
  documents(kind: PrincipalType, id: string): PolicyDocument[] {
    const own = this.ownDocuments(kind, id);
    if (kind !== 'User') return own;
    const groups = this.groupsOf.get(id) ?? [];
    return [...own, ...groups.flatMap((groupId) => this.ownDocuments('Group', groupId))];
  }

  isAdministrative(node: GraphNode): boolean {
    return isAdministrative(this.documents(node.kind, node.id));
  }

  /** May the principal perform `action` on `resource` under its identity policies (no request context)? */
  allows(node: GraphNode, action: string, resource: string): boolean {
    let set = this.sets.get(node.arn);
    if (!set) {
      set = CompiledPolicySet.fromPolicies(
        this.documents(node.kind, node.id).map((document, i) => ({
          document,
          policyType: 'Custom',
          policyName: `held-${i}`,
          versionId: 'v1',
        })),
      );
      this.sets.set(node.arn, set);
    }
    const request = { principalArn: node.arn, action, resource };
    return set.evaluate(request, { now: this.now }).decision === 'Allow';
  }

  trustPolicy(roleId: string): TrustPolicyDocument | undefined {
    const override = this.overrides.trust;
    return override?.roleId === roleId ? override.document : this.model.trustPolicy(roleId);
  }

  /**
   * Roles the principal may assume: the role trusts it and its own policies allow sts:AssumeRole on the role.
   * Trust conditions (MFA, ExternalId, source IP) are assumed satisfiable: the analysis asks who *could*.
   */
  assumableRoles(node: GraphNode): GraphNode[] {
    let roles = this.assumable.get(node.arn);
    if (!roles) {
      roles = this.roles.filter((role) => role.id !== node.id && this.canAssume(node, role));
      this.assumable.set(node.arn, roles);
    }
    return roles;
  }

  canAssume(node: GraphNode, role: GraphNode): boolean {
    const trust = this.relaxed(role.id);
    const decision = trust && evaluateTrust(trust, { type: 'RAM', arn: node.arn }).decision;
    // An eligibility from an approved access request also lets a user in, unless the trust policy denies it.
    const eligible =
      node.kind === 'User' &&
      decision !== 'ExplicitDeny' &&
      this.model.isEligible(role.id, node.id, this.now);
    if (decision !== 'Allow' && !eligible) return false;
    return this.allows(node, 'sts:AssumeRole', role.arn);
  }

  /** Every role reachable from the principal by assuming roles one after another, with the chain to it. */
  reachableRoles(start: GraphNode): Map<string, GraphNode[]> {
    const chains = new Map<string, GraphNode[]>();
    const queue: { node: GraphNode; chain: GraphNode[] }[] = [{ node: start, chain: [] }];
    while (queue.length > 0) {
      const { node, chain } = queue.shift()!;
      for (const role of this.assumableRoles(node)) {
        if (chains.has(role.id) || role.id === start.id) continue;
        const next = [...chain, role];
        chains.set(role.id, next);
        queue.push({ node: role, chain: next });
      }
    }
    return chains;
  }

  /**
   * Every principal that can reach `target` by assuming roles one after another, with its chain (the roles it
   * assumes, ending with `target`). Walks backwards from the target, so the cost is the account's size times
   * the roles on the way, not times every role.
   */
  reachersOf(target: GraphNode): Map<string, GraphNode[]> {
    const chains = new Map<string, GraphNode[]>([[target.id, []]]);
    const frontier = [target];
    for (let i = 0; i < frontier.length; i++) {
      const role = frontier[i]!;
      for (const node of this.nodes()) {
        if (chains.has(node.id) || !this.canAssume(node, role)) continue;
        chains.set(node.id, [role, ...chains.get(role.id)!]);
        if (node.kind === 'Role') frontier.push(node);
      }
    }
    chains.delete(target.id);
    return chains;
  }

  private ownDocuments(kind: PrincipalType, id: string): PolicyDocument[] {
    const override = this.overrides.documents;
    if (override && override.kind === kind && override.id === id) return override.documents;
    return this.model.attachments(kind, id, this.now).flatMap((a) => this.model.defaultDocument(a) ?? []);
  }

  /** Allow statements without their conditions; conditional Deny statements dropped (they may not apply). */
  private relaxed(roleId: string): TrustPolicyDocument | undefined {
    const trust = this.trustPolicy(roleId);
    if (!trust) return undefined;
    const key = `${roleId}:${this.overrides.trust?.roleId === roleId ? 'override' : 'current'}`;
    let relaxed = this.relaxedTrust.get(key);
    if (!relaxed) {
      relaxed = {
        version: trust.version,
        statements: trust.statements
          .filter((s) => s.effect === 'Allow' || s.conditions.length === 0)
          .map((s) => (s.effect === 'Allow' ? { ...s, conditions: [] } : s)),
      };
      this.relaxedTrust.set(key, relaxed);
    }
    return relaxed;
  }

  private node(summary: PrincipalSummary): GraphNode {
    const arn =
      summary.kind === 'User'
        ? arnOf.user(this.accountId, summary.name)
        : arnOf.role(this.accountId, summary.name);
    return { ...summary, arn };
  }
}
