import { analyzeTrust, type TrustAnalysis } from '#identity';
import {
  compareAccess,
  grantsRamWrite,
  isAdministrative,
  parseRamPrincipalArn,
  type PolicyDocument,
  type TrustPolicyDocument,
} from '#policy';
import type { AccessGraph, GraphNode } from '../../escalation/access-graph.js';
import { escalationPathFindings } from './escalation-findings.js';
import type { EscalationOptions } from '../../escalation/escalation-paths.js';

export interface AccessChange {
  principalArn: string;
  /** The roles assumed on the way, when the access comes through a chain (A → B → this role). */
  via: string[];
  /** Action patterns of the role's effective permissions the principal does not already hold itself. */
  actions: string[];
}

export interface AffectedSession {
  sessionId: string;
  assumedRoleArn: string;
  callerArn: string;
  issuedAt: string;
  expiration: string;
}

/** API.md "Trust-policy changes" `analysis`. */
export interface TrustChangeAnalysis extends TrustAnalysis {
  gainedAccess: AccessChange[];
  lostAccess: AccessChange[];
  activeSessionsAffected: AffectedSession[];
}

/**
 * What replacing the role's trust policy by `after` does: who gains and loses the ability to assume it
 * (directly or through roles they can assume), what they gain, which recent sessions break, the risk, and
 * any escalation path it opens. `graph` is the current state; the role's current trust policy is `before`.
 */
export function analyzeTrustChange(
  graph: AccessGraph,
  role: GraphNode,
  after: TrustPolicyDocument,
  escalation: EscalationOptions,
): TrustChangeAnalysis {
  const changed = graph.with({ trust: { roleId: role.id, document: after } });
  const power = rolePower(changed, role);
  const base = analyzeTrust({
    accountId: graph.accountId,
    before: graph.trustPolicy(role.id),
    after,
    rolePrivileged: isAdministrative(power) || grantsRamWrite(power),
  });
  const gained: { node: GraphNode; access: AccessChange }[] = [];
  const lostAccess: AccessChange[] = [];
  const reachedBefore = graph.reachersOf(role);
  const reachedAfter = changed.reachersOf(role);
  for (const node of graph.nodes()) {
    const before = reachedBefore.get(node.id);
    const now = reachedAfter.get(node.id);
    if (!before && now) gained.push({ node, access: accessChange(graph, node, now, power) });
    if (before && !now) lostAccess.push(accessChange(graph, node, before, power));
  }
  const gainedAccess = [...gained.map((g) => g.access), ...outsiders(graph, base.addedPrincipals, power)];
  const lost = new Set(lostAccess.map((l) => l.principalArn.toLowerCase()));
  const activeSessionsAffected = graph.model
    .recentRoleSessions(role.id, graph.now)
    .filter((s) => {
      // A caller no longer in the graph (deleted since) is judged by the trust entries removed.
      const caller = graph.byArn(s.callerArn);
      return caller ? lost.has(caller.arn.toLowerCase()) : lostOutsider(base, s.callerArn);
    })
    .map(({ sessionId, assumedRoleArn, callerArn, issuedAt, expiration }) => ({
      sessionId,
      assumedRoleArn,
      callerArn,
      issuedAt,
      expiration,
    }));
  const findings = [...base.findings];
  if (activeSessionsAffected.length > 0) {
    findings.push({
      code: 'ActiveSessionsAffected',
      message: `${activeSessionsAffected.length} session(s) issued in the last 24 hours belong to principals that lose access`,
    });
  }
  findings.push(
    ...escalationPathFindings(
      graph,
      changed,
      gained.map((g) => g.node),
      escalation,
    ),
  );
  return { ...base, findings, gainedAccess, lostAccess, activeSessionsAffected };
}

/** Would the change let this principal assume the role it did not reach before (conflict of interest)? */
export function gainsFromChange(
  graph: AccessGraph,
  role: GraphNode,
  after: TrustPolicyDocument,
  arn: string,
) {
  const node = graph.byArn(arn);
  if (!node || node.id === role.id) return false;
  const changed = graph.with({ trust: { roleId: role.id, document: after } });
  return !graph.reachersOf(role).has(node.id) && changed.reachersOf(role).has(node.id);
}

/** The role's own documents and those of every role it can assume in turn: what assuming it gives. */
function rolePower(graph: AccessGraph, role: GraphNode): PolicyDocument[] {
  const chained = [...graph.reachableRoles(role).keys()].flatMap((id) => graph.documents('Role', id));
  return [...graph.documents('Role', role.id), ...chained];
}

function accessChange(graph: AccessGraph, node: GraphNode, chain: GraphNode[], power: PolicyDocument[]) {
  const held = graph.documents(node.kind, node.id);
  return {
    principalArn: node.arn,
    via: chain.slice(0, -1).map((r) => r.arn),
    actions: newActions(held, power),
  };
}

/** Principals outside the account (or every principal) cannot be enumerated: they gain all the role gives. */
function outsiders(graph: AccessGraph, added: TrustAnalysis['addedPrincipals'], power: PolicyDocument[]) {
  return added
    .filter((p) => p.type !== 'RAM' || parseRamPrincipalArn(p.principal)?.account !== graph.accountId)
    .map((p) => ({ principalArn: p.principal, via: [], actions: newActions([], power) }));
}

const lostOutsider = (base: TrustAnalysis, callerArn: string) =>
  base.removedPrincipals.some(
    (p) => p.principal === '*' || p.principal.toLowerCase() === callerArn.toLowerCase(),
  );

function newActions(held: PolicyDocument[], power: PolicyDocument[]): string[] {
  const merge = (documents: PolicyDocument[]): PolicyDocument => ({
    version: '1',
    statements: documents.flatMap((d) => d.statements),
  });
  const findings = compareAccess(merge(held), merge(power));
  return [...new Set(findings.map((f) => (f.notActions ? `* except ${f.notActions.join(', ')}` : f.action)))];
}
