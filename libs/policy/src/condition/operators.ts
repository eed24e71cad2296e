import { parseDecimal } from '../match/decimal.js';
import {
  type IpAddress,
  type IpRange,
  ipInRange,
  parseIpAddress,
  parseIpRange,
} from '../match/ip-address.js';
import { parseIsoDate } from '../match/iso-date.js';
import { type StringMatcher, compileWildcard } from '../match/string-matcher.js';

/**
 * How one base operator reads policy values (once, when prepared) and request values (per check),
 * and compares one request value with one policy value. Negated operators reuse the positive test.
 */
export interface OperatorSpec {
  readonly name: string;
  readonly negated: boolean;
  /** What a value must look like, for error messages: "an ISO 8601 date". */
  readonly expects: string;
  parsePolicyValue(raw: string): unknown;
  parseRequestValue(raw: string): unknown;
  test(requestValue: unknown, policyValue: unknown): boolean;
}

interface ValueKind<P, R> {
  readonly expects: string;
  parsePolicyValue(raw: string): P | undefined;
  parseRequestValue(raw: string): R | undefined;
}

const same = (raw: string): string => raw;
const lower = (raw: string): string => raw.toLowerCase();
const bool = (raw: string): boolean | undefined => {
  const value = raw.toLowerCase();
  return value === 'true' ? true : value === 'false' ? false : undefined;
};

const TEXT: ValueKind<string, string> = {
  expects: 'a string',
  parsePolicyValue: same,
  parseRequestValue: same,
};
const FOLDED: ValueKind<string, string> = {
  expects: 'a string',
  parsePolicyValue: lower,
  parseRequestValue: lower,
};
const PATTERN: ValueKind<StringMatcher, string> = {
  expects: 'a string',
  parsePolicyValue: compileWildcard,
  parseRequestValue: same,
};
const NUMBER: ValueKind<number, number> = {
  expects: 'a decimal number',
  parsePolicyValue: parseDecimal,
  parseRequestValue: parseDecimal,
};
const DATE: ValueKind<number, number> = {
  expects: 'an ISO 8601 date',
  parsePolicyValue: parseIsoDate,
  parseRequestValue: parseIsoDate,
};
const BOOLEAN: ValueKind<boolean, boolean> = {
  expects: '"true" or "false"',
  parsePolicyValue: bool,
  parseRequestValue: bool,
};
const IP: ValueKind<IpRange, IpAddress> = {
  expects: 'an IP address or CIDR range',
  parsePolicyValue: parseIpRange,
  parseRequestValue: parseIpAddress,
};

function pair<P, R>(
  positive: string,
  negative: string | null,
  kind: ValueKind<P, R>,
  test: (requestValue: R, policyValue: P) => boolean,
): OperatorSpec[] {
  const spec = (name: string, negated: boolean): OperatorSpec => ({
    name,
    negated,
    ...(kind as ValueKind<unknown, unknown>),
    test: test as (requestValue: unknown, policyValue: unknown) => boolean,
  });
  return negative === null ? [spec(positive, false)] : [spec(positive, false), spec(negative, true)];
}

const equal = <T>(a: T, b: T): boolean => a === b;

/** Every operator API.md lists; `IfExists` and `ForAnyValue:`/`ForAllValues:` apply to all of them. */
export const OPERATORS: ReadonlyMap<string, OperatorSpec> = new Map(
  [
    ...pair('StringEquals', 'StringNotEquals', TEXT, equal),
    ...pair('StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', FOLDED, equal),
    ...pair('StringLike', 'StringNotLike', PATTERN, (value: string, matches) => matches(value)),
    ...pair('NumericEquals', 'NumericNotEquals', NUMBER, equal),
    ...pair('NumericLessThan', null, NUMBER, (value, limit) => value < limit),
    ...pair('NumericLessThanEquals', null, NUMBER, (value, limit) => value <= limit),
    ...pair('NumericGreaterThan', null, NUMBER, (value, limit) => value > limit),
    ...pair('NumericGreaterThanEquals', null, NUMBER, (value, limit) => value >= limit),
    ...pair('DateEquals', 'DateNotEquals', DATE, equal),
    ...pair('DateLessThan', null, DATE, (value, limit) => value < limit),
    ...pair('DateLessThanEquals', null, DATE, (value, limit) => value <= limit),
    ...pair('DateGreaterThan', null, DATE, (value, limit) => value > limit),
    ...pair('DateGreaterThanEquals', null, DATE, (value, limit) => value >= limit),
    ...pair('Bool', null, BOOLEAN, equal),
    ...pair('IpAddress', 'NotIpAddress', IP, ipInRange),
  ].map((spec) => [spec.name, spec]),
);
