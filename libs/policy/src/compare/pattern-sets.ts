import type { PatternList } from '../model/policy-document.js';
import { isUniversalPattern, patternCovers, patternsIntersect } from './pattern-algebra.js';

/** Actions compare case-insensitively: lower-case them once before asking set questions. */
export function lowerCased(list: PatternList): PatternList {
  return { negated: list.negated, patterns: list.patterns.map((pattern) => pattern.toLowerCase()) };
}

const coveredByAny = (general: readonly string[], specific: string) =>
  general.some((pattern) => patternCovers(pattern, specific));

/**
 * Is every string in `specific` also in `general`? A NotAction/NotResource list is the complement of
 * its patterns. Sound: `true` is always right.
 */
export function setCovers(general: PatternList, specific: PatternList): boolean {
  if (!general.negated && !specific.negated)
    return specific.patterns.every((s) => coveredByAny(general.patterns, s));
  if (general.negated && !specific.negated) {
    return specific.patterns.every((s) => general.patterns.every((g) => !patternsIntersect(g, s)));
  }
  if (!general.negated) return general.patterns.some(isUniversalPattern);
  // complement(S) ⊆ complement(G) exactly when G ⊆ S.
  return general.patterns.every((g) => coveredByAny(specific.patterns, g));
}

/** Could one string be in both sets? Conservative: `false` is always right. */
export function setsIntersect(a: PatternList, b: PatternList): boolean {
  if (!a.negated && !b.negated)
    return a.patterns.some((x) => b.patterns.some((y) => patternsIntersect(x, y)));
  if (a.negated && b.negated)
    return !a.patterns.some(isUniversalPattern) && !b.patterns.some(isUniversalPattern);
  const [negated, plain] = a.negated ? [a, b] : [b, a];
  return !plain.patterns.every((p) => coveredByAny(negated.patterns, p));
}
