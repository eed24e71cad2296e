import fc from 'fast-check';
import { normalizePattern, patternCovers, patternsIntersect } from './pattern-algebra.js';
import { wildcardMatch } from '../match/wildcard.js';

/**
 * Every string over {a, b} up to length 10: two patterns of at most 5 characters that overlap share a string
 * no longer than their literal characters together (a star stands for the empty string or the other's
 * literals), so 10 witnesses every overlap. Length 7 was not enough: `*aba?` and `a?bb*` first meet at
 * 8 characters (`aabbabaa`), and a random run found it.
 */
const UNIVERSE: string[] = (() => {
  const all = [''];
  for (let length = 1; length <= 10; length++) {
    for (let n = 0; n < 2 ** length; n++)
      all.push(n.toString(2).padStart(length, '0').replace(/0/g, 'a').replace(/1/g, 'b'));
  }
  return all;
})();
const PATTERN = fc.stringMatching(/^[ab*?]{0,5}$/);
const STAR_FREE = fc.stringMatching(/^[ab?]{0,5}$/);

function stringsOfLength(length: number, alphabet: string): string[] {
  let strings = [''];
  for (let i = 0; i < length; i++)
    strings = strings.flatMap((prefix) => [...alphabet].map((c) => prefix + c));
  return strings;
}

describe('wildcard pattern algebra', () => {
  it.each([
    ['*', 'anything*', true],
    ['ram:*', 'ram:Get*', true],
    ['ram:Get*', 'ram:*', false],
    ['ram:Get*', 'ram:GetUser', true],
    ['ram:*User', 'ram:Get?ser', false],
    ['ram:?etUser', 'ram:GetUser', true],
    ['a*b', 'a*c*b', true],
    ['*?', '?*', true],
    ['a*', 'a?', true],
    ['a?', 'a*', false],
  ])('%s covers %s: %s', (general, specific, expected) =>
    expect(patternCovers(general, specific)).toBe(expected),
  );

  it('normalises runs of wildcards', () => {
    expect(normalizePattern('a**?*?b')).toBe('a??*b');
    expect(normalizePattern('a?b')).toBe('a?b');
  });

  it('covers is sound: whatever the specific pattern matches, the general one matches', () => {
    fc.assert(
      fc.property(PATTERN, PATTERN, (general, specific) => {
        if (!patternCovers(general, specific)) return;
        for (const text of UNIVERSE)
          if (wildcardMatch(specific, text)) expect(wildcardMatch(general, text)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('covers is complete for these patterns (never misses a containment)', () => {
    fc.assert(
      fc.property(PATTERN, STAR_FREE, (general, specific) => {
        // A star-free pattern matches strings of its own length only. Over {a, b, c}, where the patterns never
        // use c, a `?` can stand for a character no literal matches, so checking every such string is exact.
        // (Over {a, b} alone it is not: `*ab*` holds both `aab` and `abb`, yet not `a?b`.)
        const contained = stringsOfLength(specific.length, 'abc').every(
          (text) => !wildcardMatch(specific, text) || wildcardMatch(general, text),
        );
        expect(patternCovers(general, specific)).toBe(contained);
      }),
      { numRuns: 1000 },
    );
  });

  it('a ? in the specific pattern is not covered by literals that only the two-letter alphabet would fill', () => {
    expect(patternCovers('*ab*', 'a?b')).toBe(false);
    expect(patternCovers('a?b', 'a?b')).toBe(true);
  });

  it('patterns that first meet in a string longer than either intersect', () => {
    expect(patternsIntersect('*aba?', 'a?bb*')).toBe(true);
    expect(wildcardMatch('*aba?', 'aabbabaa') && wildcardMatch('a?bb*', 'aabbabaa')).toBe(true);
  });

  it('intersects is exact', () => {
    fc.assert(
      fc.property(PATTERN, PATTERN, (a, b) => {
        const witness = UNIVERSE.some((text) => wildcardMatch(a, text) && wildcardMatch(b, text));
        expect(patternsIntersect(a, b)).toBe(witness);
      }),
      { numRuns: 1000 },
    );
  });
});
