import { hasWildcard, wildcardMatch } from './wildcard.js';

export type StringMatcher = (text: string) => boolean;

const ANYTHING: StringMatcher = () => true;

/** The cheapest test for one wildcard pattern: most patterns are exact, `*`, a prefix, a suffix or an infix. */
export function compileWildcard(pattern: string): StringMatcher {
  if (!hasWildcard(pattern)) return (text) => text === pattern;
  if (/^\*+$/.test(pattern)) return ANYTHING;
  if (!pattern.includes('?')) {
    const inner = pattern.replace(/^\*+/, '').replace(/\*+$/, '');
    if (!inner.includes('*')) {
      const leading = pattern.startsWith('*');
      const trailing = pattern.endsWith('*');
      if (leading && trailing) return (text) => text.includes(inner);
      if (trailing) return (text) => text.startsWith(inner);
      return (text) => text.endsWith(inner);
    }
  }
  return (text) => wildcardMatch(pattern, text);
}

/**
 * A matcher for a list of patterns (any may match): exact patterns go into one Set lookup,
 * wildcard patterns are tried one by one.
 */
export function compilePatternList(patterns: readonly string[]): StringMatcher {
  const exact = new Set(patterns.filter((pattern) => !hasWildcard(pattern)));
  const wild = patterns.filter(hasWildcard).map(compileWildcard);
  if (wild.includes(ANYTHING)) return ANYTHING;
  if (wild.length === 0) {
    if (exact.size === 1) {
      const [only] = exact;
      return (text) => text === only;
    }
    return (text) => exact.has(text);
  }
  if (exact.size === 0 && wild.length === 1) return wild[0]!;
  return (text) => exact.has(text) || wild.some((matches) => matches(text));
}
