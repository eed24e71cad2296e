import { Inject, Injectable } from '@nestjs/common';
import {
  AccessGraph,
  type EscalationPath,
  escalationPaths,
  type GraphNode,
  pathKey,
  takesOverUser,
  TRUST_CHANGE_SETTINGS,
  type TrustChangeSettings,
} from '#governance';
import type { PrincipalType } from '#identity';
import { PermissionService } from '../authorization/permission.service.js';
import { AccountContext } from '../runtime/account-context.js';

export interface OpenedPath extends EscalationPath {
  principalArn: string;
}

interface Grant {
  principalType: PrincipalType;
  principalName: string;
  policyType: string;
  policyName: string;
}

/**
 * The escalation paths a grant opens, for the grant's response: paths to administrative power that exist
 * with the grant and not without it, for the grantee (a group's members) and for every principal one step
 * from them (who can assume the role, or mint the user's credentials). Longer chains towards the grantee are
 * found by `GET /v1/analysis/escalation-paths`.
 */
@Injectable()
export class GrantEscalation {
  constructor(
    private readonly permissions: PermissionService,
    private readonly account: AccountContext,
    @Inject(TRUST_CHANGE_SETTINGS) private readonly settings: TrustChangeSettings,
  ) {}

  async opened(grant: Grant, position: number): Promise<OpenedPath[]> {
    await this.permissions.waitFor(position);
    const model = this.permissions.permissionModel;
    const after = new AccessGraph(model, this.account.accountId, new Date());
    const holderId = this.holderId(after, grant);
    if (holderId === undefined) return [];
    const without = model
      .attachments(grant.principalType, holderId, after.now)
      .filter(
        (a) =>
          !(
            a.policyType === grant.policyType && a.policyName.toLowerCase() === grant.policyName.toLowerCase()
          ),
      )
      .flatMap((a) => model.defaultDocument(a) ?? []);
    const before = after.with({ documents: { kind: grant.principalType, id: holderId, documents: without } });
    const options = { privilegedTrustChangeApprovals: this.settings.requiredApprovals.high };
    const opened: OpenedPath[] = [];
    for (const node of this.affected(after, grant.principalType, holderId)) {
      const known = new Set(escalationPaths(before, node, options).paths.map((p) => pathKey(node.arn, p)));
      for (const path of escalationPaths(after, node, options).paths)
        if (!known.has(pathKey(node.arn, path))) opened.push({ principalArn: node.arn, ...path });
    }
    return opened;
  }

  private holderId(graph: AccessGraph, grant: Grant): string | undefined {
    const name = grant.principalName.toLowerCase();
    if (grant.principalType === 'Group')
      return graph.model.groupSummaries().find((g) => g.name.toLowerCase() === name)?.id;
    const pool = grant.principalType === 'User' ? graph.users : graph.roles;
    return pool.find((n) => n.name.toLowerCase() === name)?.id;
  }

  /**
   * The holder (or a group's members) and the principals with a direct move onto one of them: who can assume
   * the role, or mint the user's AccessKey or password. Linear in the account's size per holder.
   */
  private affected(graph: AccessGraph, kind: PrincipalType, id: string): GraphNode[] {
    const holders =
      kind === 'Group'
        ? graph.users.filter((u) => graph.groupsOf.get(u.id)?.includes(id))
        : graph.nodes().filter((n) => n.id === id);
    const ids = new Set(holders.map((h) => h.id));
    const reaches = (node: GraphNode, holder: GraphNode) =>
      holder.kind === 'Role' ? graph.canAssume(node, holder) : takesOverUser(graph, node, holder);
    const reaching = graph
      .nodes()
      .filter((node) => !ids.has(node.id) && holders.some((holder) => reaches(node, holder)));
    return [...holders, ...reaching];
  }
}
