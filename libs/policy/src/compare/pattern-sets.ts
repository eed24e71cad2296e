import type { PatternList } from '../model/policy-document.js';
import { isUniversalPattern, patternCovers, patternsIntersect } from './pattern-algebra.js';

/** Containment and overlap of single patterns within one kind of string (actions or resources). */
export interface PatternAlgebra {
  covers(general: string, specific: string): boolean;
  intersects(a: string, b: string): boolean;
  isUniversal(pattern: string): boolean;
}

export const RESOURCE_PATTERNS: PatternAlgebra = {
  covers: patternCovers,
  intersects: patternsIntersect,
  isUniversal: isUniversalPattern,
};

/**
 * Actions are `service:Operation` with exactly one colon, so a pattern is a pair of colon-free parts
 * (`*` alone is `*:*`) and a wildcard never stands for the colon: `*:Describe*` does not reach
 * `ram:CreateUser`. Compared case-insensitively.
 */
export const ACTION_PATTERNS: PatternAlgebra = {
  covers: (general, specific) => bothParts(general, specific, patternCovers),
  intersects: (a, b) => bothParts(a, b, patternsIntersect),
  isUniversal: (pattern) => actionParts(pattern).every(isUniversalPattern),
};

function actionParts(pattern: string): [string, string] {
  const lower = pattern.toLowerCase();
  const colon = lower.indexOf(':');
  return colon < 0 ? [lower, lower] : [lower.slice(0, colon), lower.slice(colon + 1)];
}

function bothParts(a: string, b: string, test: (x: string, y: string) => boolean): boolean {
  const [serviceA, operationA] = actionParts(a);
  const [serviceB, operationB] = actionParts(b);
  return test(serviceA, serviceB) && test(operationA, operationB);
}

/**
 * Is every string in `specific` also in `general`? A NotAction/NotResource list is the complement of
 * its patterns. Sound: `true` is always right.
 */
export function setCovers(general: PatternList, specific: PatternList, algebra: PatternAlgebra): boolean {
  const coveredByAny = (patterns: readonly string[], pattern: string) =>
    patterns.some((candidate) => algebra.covers(candidate, pattern));
  if (!general.negated && !specific.negated)
    return specific.patterns.every((s) => coveredByAny(general.patterns, s));
  if (general.negated && !specific.negated) {
    return specific.patterns.every((s) => general.patterns.every((g) => !algebra.intersects(g, s)));
  }
  if (!general.negated) return general.patterns.some(algebra.isUniversal);
  // complement(S) ⊆ complement(G) exactly when G ⊆ S.
  return general.patterns.every((g) => coveredByAny(specific.patterns, g));
}

/** Could one string be in both sets? Conservative: `false` is always right. */
export function setsIntersect(a: PatternList, b: PatternList, algebra: PatternAlgebra): boolean {
  if (!a.negated && !b.negated)
    return a.patterns.some((x) => b.patterns.some((y) => algebra.intersects(x, y)));
  if (a.negated && b.negated)
    return !a.patterns.some(algebra.isUniversal) && !b.patterns.some(algebra.isUniversal);
  const [negated, plain] = a.negated ? [a, b] : [b, a];
  return !plain.patterns.every((p) => negated.patterns.some((n) => algebra.covers(n, p)));
}
