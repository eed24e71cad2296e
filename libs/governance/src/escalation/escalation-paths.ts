import type { AccessGraph, GraphNode } from './access-graph.js';
import { finishesAt, movesFrom } from './escalation-moves.js';
import type { EscalationPath, EscalationReport, EscalationStep } from './escalation-path.js';

export interface EscalationOptions {
  /** Approvals a trust change adding a principal to an administrative role needs (the `high` level). */
  privilegedTrustChangeApprovals: number;
}

interface Visit {
  node: GraphNode;
  steps: EscalationStep[];
  /** Who acts, for separation of duties: the start, or the last user whose credentials it minted. */
  party: string;
}

/**
 * Every way the principal can reach administrative power (the approach of NCC Group's PMapper): a
 * breadth-first walk over principals it can become (assume a role, mint a user's AccessKey or password),
 * and at each one the grants or policy writes that would make it administrative. One (shortest) chain per
 * principal reached, so the report stays linear in the size of the account.
 */
export function escalationPaths(
  graph: AccessGraph,
  start: GraphNode,
  options: EscalationOptions,
): EscalationReport {
  if (graph.isAdministrative(start)) return { principalArn: start.arn, administrative: true, paths: [] };
  const visits: Visit[] = [{ node: start, steps: [], party: start.arn }];
  const seen = new Set([start.arn]);
  const paths: EscalationPath[] = [];
  for (let i = 0; i < visits.length; i++) {
    const { node, steps, party } = visits[i]!;
    for (const finish of finishesAt(graph, node))
      paths.push({ kind: finish.kind, reaches: node.arn, steps: [...steps, ...finish.steps] });
    for (const move of movesFrom(graph, node)) {
      if (seen.has(move.to.arn)) continue;
      seen.add(move.to.arn);
      const chain = [...steps, move.step];
      if (graph.isAdministrative(move.to))
        paths.push({ kind: move.kind, reaches: move.to.arn, steps: chain });
      else {
        // A role session is traced back to whoever assumed it; minted credentials are another party.
        const next = move.kind === 'AssumeAdministrativeRole' ? party : move.to.arn;
        visits.push({ node: move.to, steps: chain, party: next });
      }
    }
  }
  paths.push(...proposeAndApprove(graph, visits, options));
  return { principalArn: start.arn, administrative: false, paths };
}

/**
 * A trust change adding oneself to an administrative role is rated `high` (new principal of a privileged
 * role). Separation of duties forbids approving one's own proposal (also through a role session, which is
 * traced back to whoever assumed it) and approving a change one benefits from, so holding both
 * ram:ProposeTrustPolicyChange and ram:ReviewTrustPolicyChange is not enough. The path exists only when
 * `high` needs a single approval AND the proposer can act as another party — a user whose AccessKey or
 * password it can set — that (itself or through roles) may review the role.
 */
function proposeAndApprove(
  graph: AccessGraph,
  visits: Visit[],
  options: EscalationOptions,
): EscalationPath[] {
  if (options.privilegedTrustChangeApprovals !== 1) return [];
  const paths: EscalationPath[] = [];
  for (const role of graph.roles.filter((r) => graph.isAdministrative(r))) {
    for (const proposer of visits) {
      if (!graph.allows(proposer.node, 'ram:ProposeTrustPolicyChange', role.arn)) continue;
      const reviewer = visits.find(
        (v) =>
          v.party !== proposer.party &&
          v.node.id !== role.id &&
          graph.allows(v.node, 'ram:ReviewTrustPolicyChange', role.arn),
      );
      if (!reviewer) continue;
      const by = (node: GraphNode, action: string, description: string) => ({
        principalArn: node.arn,
        action,
        resource: role.arn,
        description,
      });
      paths.push({
        kind: 'ProposeAndApproveTrustChange',
        reaches: role.arn,
        steps: [
          ...proposer.steps,
          by(
            proposer.node,
            'ram:ProposeTrustPolicyChange',
            `propose trusting ${proposer.node.name} in role ${role.name}`,
          ),
          ...reviewer.steps.filter((s) => !proposer.steps.includes(s)),
          by(reviewer.node, 'ram:ReviewTrustPolicyChange', `approve the change as ${reviewer.node.name}`),
          by(proposer.node, 'sts:AssumeRole', `assume role ${role.name}`),
        ],
      });
      break;
    }
  }
  return paths;
}
