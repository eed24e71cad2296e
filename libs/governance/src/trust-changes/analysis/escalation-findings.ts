import type { TrustFinding } from '#identity';
import type { AccessGraph, GraphNode } from '../../escalation/access-graph.js';
import { pathKey } from '../../escalation/escalation-path.js';
import { type EscalationOptions, escalationPaths } from '../../escalation/escalation-paths.js';

/** Paths to administrative power that exist for `principals` in `after` and not in `before`, as findings. */
export function escalationPathFindings(
  before: AccessGraph,
  after: AccessGraph,
  principals: GraphNode[],
  options: EscalationOptions,
): TrustFinding[] {
  const findings: TrustFinding[] = [];
  for (const principal of principals) {
    const known = new Set(
      escalationPaths(before, principal, options).paths.map((p) => pathKey(principal.arn, p)),
    );
    const report = escalationPaths(after, principal, options);
    if (report.administrative && !before.isAdministrative(principal)) {
      findings.push({ code: 'EscalationPathOpened', message: `${principal.arn} becomes administrative` });
      continue;
    }
    for (const path of report.paths) {
      if (known.has(pathKey(principal.arn, path))) continue;
      const how = path.steps.map((s) => `${s.action} on ${s.resource}`).join(' → ');
      findings.push({
        code: 'EscalationPathOpened',
        message: `${principal.arn} reaches administrative power (${path.kind}): ${how}`,
      });
    }
  }
  return findings;
}
