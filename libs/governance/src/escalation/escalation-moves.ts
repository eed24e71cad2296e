import { arn } from '#common';
import { isAdministrative } from '#policy';
import type { AccessGraph, GraphNode } from './access-graph.js';
import type { EscalationKind, EscalationStep } from './escalation-path.js';

/** Taking over another principal's power: assume a role, or mint credentials of a user. */
export interface Move {
  kind: Extract<EscalationKind, 'AssumeAdministrativeRole' | 'CreateAccessKey' | 'SetLoginPassword'>;
  to: GraphNode;
  step: EscalationStep;
}

/** Gaining administrative power in place, by writing a grant or a policy that applies to oneself. */
export interface Finish {
  kind: EscalationKind;
  steps: EscalationStep[];
}

const step = (by: GraphNode, action: string, resource: string, description: string): EscalationStep => ({
  principalArn: by.arn,
  action,
  resource,
  description,
});

const PASSWORD_ACTIONS = ['ram:CreateLoginProfile', 'ram:UpdateLoginProfile'];

/** May `node` act as `user` by minting its AccessKey or setting its console password? */
export const takesOverUser = (graph: AccessGraph, node: GraphNode, user: GraphNode) =>
  [...PASSWORD_ACTIONS, 'ram:CreateAccessKey'].some((action) => graph.allows(node, action, user.arn));

export function movesFrom(graph: AccessGraph, node: GraphNode): Move[] {
  const moves: Move[] = graph.assumableRoles(node).map((role) => ({
    kind: 'AssumeAdministrativeRole' as const,
    to: role,
    step: step(node, 'sts:AssumeRole', role.arn, `assume role ${role.name}`),
  }));
  for (const user of graph.users) {
    if (user.id === node.id) continue;
    if (graph.allows(node, 'ram:CreateAccessKey', user.arn)) {
      const description = `create an AccessKey of user ${user.name} and act as it`;
      moves.push({
        kind: 'CreateAccessKey',
        to: user,
        step: step(node, 'ram:CreateAccessKey', user.arn, description),
      });
    }
    const password = PASSWORD_ACTIONS.find((a) => graph.allows(node, a, user.arn));
    if (password) {
      const description = `set the console password of user ${user.name} and sign in as it`;
      moves.push({ kind: 'SetLoginPassword', to: user, step: step(node, password, user.arn, description) });
    }
  }
  return moves;
}

/** Ways the principal makes itself administrative without becoming another principal. */
export function finishesAt(graph: AccessGraph, node: GraphNode): Finish[] {
  const account = graph.accountId;
  const finishes: Finish[] = [];
  const attach = (kind: 'User' | 'Group' | 'Role', target: string, name: string) =>
    step(
      node,
      `ram:AttachPolicyTo${kind}`,
      target,
      `attach AdministratorAccess to ${kind.toLowerCase()} ${name}`,
    );
  if (graph.allows(node, `ram:AttachPolicyTo${node.kind}`, node.arn))
    finishes.push({ kind: 'AttachPolicyToSelf', steps: [attach(node.kind, node.arn, node.name)] });
  const groups = node.kind === 'User' ? (graph.groupsOf.get(node.id) ?? []) : [];
  for (const group of graph.model.groupSummaries()) {
    const groupArn = arn.group(account, group.name);
    if (groups.includes(group.id)) {
      if (graph.allows(node, 'ram:AttachPolicyToGroup', groupArn))
        finishes.push({ kind: 'AttachPolicyToOwnGroup', steps: [attach('Group', groupArn, group.name)] });
    } else if (
      node.kind === 'User' &&
      isAdministrative(graph.documents('Group', group.id)) &&
      graph.allows(node, 'ram:AddUserToGroup', groupArn)
    ) {
      const description = `add itself to group ${group.name}, which holds administrative power`;
      finishes.push({
        kind: 'AddSelfToGroup',
        steps: [step(node, 'ram:AddUserToGroup', groupArn, description)],
      });
    }
  }
  for (const role of graph.assumableRoles(node)) {
    if (graph.allows(node, 'ram:AttachPolicyToRole', role.arn)) {
      const assume = step(node, 'sts:AssumeRole', role.arn, `assume role ${role.name}`);
      finishes.push({
        kind: 'AttachPolicyToAssumableRole',
        steps: [attach('Role', role.arn, role.name), assume],
      });
    }
  }
  finishes.push(...policyWrites(graph, node, groups));
  return finishes;
}

/** A custom policy in force for the principal that it may rewrite, or switch to a broader version of. */
function policyWrites(graph: AccessGraph, node: GraphNode, groups: string[]): Finish[] {
  const held = [
    ...graph.model.attachments(node.kind, node.id, graph.now),
    ...groups.flatMap((g) => graph.model.attachments('Group', g, graph.now)),
  ].filter((a) => a.policyType === 'Custom' && a.policyId);
  const finishes: Finish[] = [];
  const seen = new Set<string>();
  for (const attachment of held) {
    if (seen.has(attachment.policyId!)) continue;
    seen.add(attachment.policyId!);
    const policyArn = `acs:ram::${graph.accountId}:policy/${attachment.policyName}`;
    if (graph.allows(node, 'ram:CreatePolicyVersion', policyArn)) {
      const description = `write an administrative default version of policy ${attachment.policyName}, which applies to it`;
      finishes.push({
        kind: 'CreatePolicyVersion',
        steps: [step(node, 'ram:CreatePolicyVersion', policyArn, description)],
      });
    }
    const broader = graph.model
      .customPolicyVersions(attachment.policyId!)
      .find((v) => !v.isDefault && isAdministrative([v.document]));
    if (broader && graph.allows(node, 'ram:SetDefaultPolicyVersion', policyArn)) {
      const description = `make the administrative version ${broader.versionId} of policy ${attachment.policyName} the default`;
      finishes.push({
        kind: 'SetDefaultPolicyVersion',
        steps: [step(node, 'ram:SetDefaultPolicyVersion', policyArn, description)],
      });
    }
  }
  return finishes;
}
