import { OPERATORS } from '../condition/operators.js';
import type { ConditionClause } from '../model/policy-document.js';

/**
 * Does every request that satisfies all of `strong` also satisfy all of `weak`? Sound but simple:
 * each clause of `weak` needs a clause in `strong` on the same key with the same operator that is at
 * least as strict (fewer values for a positive operator, more for a negated one).
 */
export function conditionsImply(
  strong: readonly ConditionClause[],
  weak: readonly ConditionClause[],
): boolean {
  return weak.every((w) => strong.some((s) => clauseImplies(s, w)));
}

function clauseImplies(strong: ConditionClause, weak: ConditionClause): boolean {
  if (
    strong.key.toLowerCase() !== weak.key.toLowerCase() ||
    strong.baseOperator !== weak.baseOperator ||
    strong.qualifier !== weak.qualifier ||
    strong.ifExists !== weak.ifExists
  ) {
    return false;
  }
  const negated = OPERATORS.get(strong.baseOperator)!.negated;
  const [fewer, more] = negated ? [weak.values, strong.values] : [strong.values, weak.values];
  return fewer.every((value) => more.includes(value));
}
