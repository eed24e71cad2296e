import { OPERATORS } from '../condition/operators.js';
import type { ConditionClause, SetQualifier } from '../model/policy-document.js';
import { excerpt, quoted } from './json-path.js';
import { type Path, checkAscii, describe, expectObject, fail } from './json-reading.js';
import { JsonNumber, type JsonValue } from './strict-json.js';

const QUALIFIERS: readonly SetQualifier[] = ['ForAnyValue', 'ForAllValues'];
const IF_EXISTS = 'IfExists';
const CONDITION_KEY = /^[A-Za-z0-9_.-]+:[A-Za-z0-9_.:/@-]+$/;

interface OperatorName {
  readonly baseOperator: string;
  readonly qualifier: SetQualifier | null;
  readonly ifExists: boolean;
}

/** `{"<Operator>": {"<key>": value | [values]}}`: operators and keys AND-ed, values OR-ed. */
export function readConditions(value: JsonValue | undefined, path: Path): ConditionClause[] {
  if (value === undefined) return [];
  const clauses: ConditionClause[] = [];
  for (const [operator, keys] of expectObject(value, path)) {
    const operatorPath = [...path, operator];
    const name = parseOperatorName(operator) ?? fail(operatorPath, unknownOperator(operator));
    const seen = new Set<string>();
    const block = expectObject(keys, operatorPath);
    if (block.size === 0) fail(operatorPath, 'must name at least one condition key');
    for (const [key, raw] of block) {
      const keyPath = [...operatorPath, key];
      checkAscii(key, keyPath, 'condition key');
      if (!CONDITION_KEY.test(key))
        fail(keyPath, `condition key must look like "acs:SourceIp", got ${quoted(key)}`);
      if (seen.has(key.toLowerCase()))
        fail(keyPath, 'duplicate condition key (condition keys are case-insensitive)');
      seen.add(key.toLowerCase());
      const values = readValues(raw, keyPath);
      checkValues(name.baseOperator, values, raw, keyPath);
      clauses.push({ operator, ...name, key, values });
    }
  }
  return clauses;
}

export function parseOperatorName(operator: string): OperatorName | undefined {
  const colon = operator.indexOf(':');
  const qualifier = colon < 0 ? null : QUALIFIERS.find((name) => name === operator.slice(0, colon));
  if (qualifier === undefined) return undefined;
  let baseOperator = operator.slice(colon + 1);
  const ifExists = baseOperator.endsWith(IF_EXISTS);
  if (ifExists) baseOperator = baseOperator.slice(0, -IF_EXISTS.length);
  return OPERATORS.has(baseOperator) ? { baseOperator, qualifier, ifExists } : undefined;
}

function unknownOperator(operator: string): string {
  const lower = operator.toLowerCase();
  const known = [...OPERATORS.keys()].flatMap((base) =>
    ['', ...QUALIFIERS.map((q) => `${q}:`)].flatMap((prefix) => [
      `${prefix}${base}`,
      `${prefix}${base}${IF_EXISTS}`,
    ]),
  );
  const intended = known.find((name) => name.toLowerCase() === lower);
  const hint = intended ? `; did you mean "${intended}" (operators are case-sensitive)?` : '';
  return `unknown condition operator ${quoted(operator)}${hint}`;
}

function readValues(raw: JsonValue, path: Path): string[] {
  const items = Array.isArray(raw) ? raw : [raw];
  if (items.length === 0) fail(path, 'must not be an empty array');
  return items.map((item, index) => {
    if (typeof item === 'string') return item;
    if (item instanceof JsonNumber) return item.raw;
    if (typeof item === 'boolean') return String(item);
    return fail(
      Array.isArray(raw) ? [...path, index] : path,
      `condition value must be a string, got ${describe(item)}`,
    );
  });
}

function checkValues(baseOperator: string, values: readonly string[], raw: JsonValue, path: Path): void {
  const spec = OPERATORS.get(baseOperator)!;
  values.forEach((value, index) => {
    if (spec.parsePolicyValue(value) === undefined) {
      fail(
        Array.isArray(raw) ? [...path, index] : path,
        `${baseOperator} needs ${spec.expects}, got "${excerpt(value)}"`,
      );
    }
  });
}
