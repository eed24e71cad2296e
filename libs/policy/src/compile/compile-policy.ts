import { type PreparedCondition, prepareCondition } from '../condition/prepared-condition.js';
import { type StringMatcher, compilePatternList } from '../match/string-matcher.js';
import { hasWildcard } from '../match/wildcard.js';
import type { MatchedStatement, PolicyIdentity } from '../model/evaluation.js';
import type { PatternList, PolicyDocument } from '../model/policy-document.js';

export interface CompiledStatement {
  /** The explanation entry, built once and shared by every result that names this statement. */
  readonly explanation: MatchedStatement;
  /** Tests a lower-cased action. */
  readonly matchesAction: StringMatcher;
  readonly matchesResource: StringMatcher;
  readonly conditions: readonly PreparedCondition[];
  /** Lower-cased service prefixes the statement can match, or null when it may match any service. */
  readonly services: readonly string[] | null;
}

export interface CompiledPolicy {
  readonly identity: PolicyIdentity;
  readonly statements: readonly CompiledStatement[];
}

/** Compiles a parsed policy once: wildcard matchers, parsed CIDRs and dates, service prefixes. */
export function compilePolicy(document: PolicyDocument, identity: PolicyIdentity): CompiledPolicy {
  const { policyType, policyName, versionId } = identity;
  const statements = document.statements.map((statement, statementIndex): CompiledStatement => ({
    explanation: Object.freeze({
      policyType,
      policyName,
      versionId,
      statementIndex,
      effect: statement.effect,
    }),
    matchesAction: compileList(statement.action, true),
    matchesResource: compileList(statement.resource, false),
    conditions: statement.conditions.map(prepareCondition),
    services: servicesOf(statement.action),
  }));
  return { identity: { policyType, policyName, versionId }, statements };
}

function compileList(list: PatternList, ignoreCase: boolean): StringMatcher {
  const matches = compilePatternList(ignoreCase ? list.patterns.map((p) => p.toLowerCase()) : list.patterns);
  return list.negated ? (text) => !matches(text) : matches;
}

function servicesOf(action: PatternList): string[] | null {
  if (action.negated) return null;
  const services = new Set<string>();
  for (const pattern of action.patterns) {
    const colon = pattern.indexOf(':');
    const service = pattern.slice(0, colon).toLowerCase();
    if (colon < 0 || hasWildcard(service)) return null;
    services.add(service);
  }
  return [...services];
}
