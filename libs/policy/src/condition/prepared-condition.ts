import { excerpt } from '../parse/json-path.js';
import type { ConditionClause, SetQualifier } from '../model/policy-document.js';
import type { ConditionContext } from './condition-context.js';
import { OPERATORS, type OperatorSpec } from './operators.js';

/** A condition clause with its policy values parsed once (CIDRs, dates, wildcard matchers). */
export interface PreparedCondition {
  readonly key: string;
  readonly lowerCaseKey: string;
  readonly spec: OperatorSpec;
  readonly qualifier: SetQualifier | null;
  readonly ifExists: boolean;
  readonly policyValues: readonly unknown[];
}

export type ErrorSink = (message: string) => void;

/** The parser has validated operator and values, so preparing a parsed clause cannot fail. */
export function prepareCondition(clause: ConditionClause): PreparedCondition {
  const spec = OPERATORS.get(clause.baseOperator)!;
  return {
    key: clause.key,
    lowerCaseKey: clause.key.toLowerCase(),
    spec,
    qualifier: clause.qualifier,
    ifExists: clause.ifExists,
    policyValues: clause.values.map((value) => spec.parsePolicyValue(value)),
  };
}

/**
 * RAM semantics: values of one key are OR-ed; an absent key makes a positive operator false and a
 * negated one true (IfExists and ForAllValues: true, ForAnyValue: false). Without a qualifier a
 * multi-valued key behaves as ForAnyValue for a positive operator and as ForAllValues for a negated
 * one, so a negated operator is always exactly the negation of its positive twin.
 * A request value of the wrong type (not an IP, not a date, ...) satisfies nothing and is reported.
 */
export function conditionHolds(
  condition: PreparedCondition,
  context: ConditionContext,
  onError: ErrorSink,
): boolean {
  const values = context.values(condition.lowerCaseKey);
  const { spec, qualifier } = condition;
  if (values === undefined)
    return condition.ifExists || qualifier === 'ForAllValues' || (!qualifier && spec.negated);
  const satisfies = (raw: string): boolean => {
    const value = spec.parseRequestValue(raw);
    if (value === undefined) {
      onError(`${excerpt(condition.key)}: request value "${excerpt(raw)}" is not ${spec.expects}`);
      return false;
    }
    let hit = false;
    for (const policyValue of condition.policyValues) {
      if (spec.test(value, policyValue)) {
        hit = true;
        break;
      }
    }
    return hit !== spec.negated;
  };
  const every = qualifier === 'ForAllValues' || (!qualifier && spec.negated);
  return every ? values.every(satisfies) : values.some(satisfies);
}

export function conditionsHold(
  conditions: readonly PreparedCondition[],
  context: ConditionContext,
  onError: ErrorSink,
): boolean {
  for (const condition of conditions) if (!conditionHolds(condition, context, onError)) return false;
  return true;
}
