import type {
  ConditionClause,
  PatternList,
  PermissionStatement,
  PolicyDocument,
} from '../model/policy-document.js';
import { conditionsImply } from './condition-implication.js';
import { ACTION_PATTERNS, RESOURCE_PATTERNS, setCovers, setsIntersect } from './pattern-sets.js';

export type AccessFindingReason = 'NotGrantedBefore' | 'DenyRemoved';

/** Access the new document grants and the old did not (the idea of Access Analyzer's CheckNoNewAccess). */
export interface AccessFinding {
  /** Index of the Allow statement in the new document that grants it. */
  readonly statementIndex: number;
  /** An action pattern, or `*` with `notActions` for a NotAction statement. */
  readonly action: string;
  readonly notActions?: readonly string[];
  /** A resource pattern, or `*` with `notResources` for a NotResource statement. */
  readonly resource: string;
  readonly notResources?: readonly string[];
  readonly reason: AccessFindingReason;
}

interface Region {
  readonly action: PatternList;
  readonly resource: PatternList;
  readonly conditions: readonly ConditionClause[];
}

/**
 * Compares two permission policies. Sound for wildcards (pattern containment, not string equality)
 * and for Deny statements; where it cannot prove the access existed before, it reports it.
 */
export function compareAccess(oldDocument: PolicyDocument, newDocument: PolicyDocument): AccessFinding[] {
  const before = regions(oldDocument);
  const after = regions(newDocument);
  const findings: AccessFinding[] = [];
  newDocument.statements.forEach((statement, statementIndex) => {
    if (statement.effect !== 'Allow') return;
    for (const action of units(statement.action)) {
      for (const resource of units(statement.resource)) {
        const grant: Region = { action, resource, conditions: statement.conditions };
        if (after.denies.some((deny) => covers(deny, grant))) continue;
        const reason = newAccessReason(grant, before, after);
        if (reason)
          findings.push({ statementIndex, ...describeAction(action), ...describeResource(resource), reason });
      }
    }
  });
  return findings;
}

function newAccessReason(
  grant: Region,
  before: ReturnType<typeof regions>,
  after: ReturnType<typeof regions>,
): AccessFindingReason | undefined {
  if (!before.allows.some((allow) => covers(allow, grant))) return 'NotGrantedBefore';
  const lostDeny = before.denies.some(
    (deny) =>
      setsIntersect(deny.action, grant.action, ACTION_PATTERNS) &&
      setsIntersect(deny.resource, grant.resource, RESOURCE_PATTERNS) &&
      !after.denies.some((kept) => covers(kept, deny)),
  );
  return lostDeny ? 'DenyRemoved' : undefined;
}

/** Does `outer` apply to every request `inner` applies to? */
function covers(outer: Region, inner: Region): boolean {
  return (
    setCovers(outer.action, inner.action, ACTION_PATTERNS) &&
    setCovers(outer.resource, inner.resource, RESOURCE_PATTERNS) &&
    conditionsImply(inner.conditions, outer.conditions)
  );
}

function regions(document: PolicyDocument): { allows: Region[]; denies: Region[] } {
  const region = (statement: PermissionStatement): Region => ({
    action: statement.action,
    resource: statement.resource,
    conditions: statement.conditions,
  });
  return {
    allows: document.statements.filter((s) => s.effect === 'Allow').map(region),
    denies: document.statements.filter((s) => s.effect === 'Deny').map(region),
  };
}

/** Each pattern of a positive list on its own; a negated list stays whole (its complement is one region). */
function units(list: PatternList): PatternList[] {
  return list.negated ? [list] : list.patterns.map((pattern) => ({ negated: false, patterns: [pattern] }));
}

function describeAction(list: PatternList): Pick<AccessFinding, 'action' | 'notActions'> {
  return list.negated ? { action: '*', notActions: list.patterns } : { action: list.patterns[0]! };
}

function describeResource(list: PatternList): Pick<AccessFinding, 'resource' | 'notResources'> {
  return list.negated ? { resource: '*', notResources: list.patterns } : { resource: list.patterns[0]! };
}
