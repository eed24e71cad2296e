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
    return segmentMatcher(pattern.split('*'));
  }
  return (text) => wildcardMatch(pattern, text);
}

/**
 * A pattern of literal parts joined by `*` (no `?`), such as `acs:arms:*:123:*`: the first part is a prefix,
 * the last a suffix, and the parts between are found left to right in what lies between (the leftmost
 * occurrence leaves the most room for the rest, so it is enough).
 */
function segmentMatcher(parts: readonly string[]): StringMatcher {
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((part) => part !== '');
  const minLength = parts.reduce((sum, part) => sum + part.length, 0);
  return (text) => {
    if (text.length < minLength || !text.startsWith(first) || !text.endsWith(last)) return false;
    const end = text.length - last.length;
    let at = first.length;
    for (let i = 0; i < middle.length; i++) {
      const part = middle[i]!;
      const found = text.indexOf(part, at);
      if (found < 0 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
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
  return (text) => {
    if (exact.has(text)) return true;
    for (let i = 0; i < wild.length; i++) if (wild[i]!(text)) return true;
    return false;
  };
}
