/**
 * Language questions about `*`/`?` wildcard patterns, answered by dynamic programming over the two
 * patterns (O(n·m), never exponential). Patterns are first normalised so that every run of wildcards
 * reads `?...?*`, which makes equal languages look equal (`*?` and `?*`).
 */

const STAR = 0x2a;
const ANY = 0x3f;
/** Above this many DP cells, answer conservatively instead of spending the memory. */
const MAX_CELLS = 4_000_000;

export function normalizePattern(pattern: string): string {
  return pattern.replace(
    /[*?]{2,}/g,
    (run) => '?'.repeat(run.split('?').length - 1) + (run.includes('*') ? '*' : ''),
  );
}

export function isUniversalPattern(pattern: string): boolean {
  return /^\*+$/.test(pattern);
}

/**
 * True only if every string `specific` matches is matched by `general`. Sound: `true` is always
 * right; for a few exotic pairs it may say `false` although the answer is yes, and callers treat
 * `false` as "not covered", i.e. report rather than hide.
 */
export function patternCovers(general: string, specific: string): boolean {
  const g = normalizePattern(general);
  const s = normalizePattern(specific);
  if (g === s || isUniversalPattern(g)) return true;
  const width = s.length + 1;
  if ((g.length + 1) * width > MAX_CELLS) return false;
  // row i holds covers(g[i..], s[j..]) for every j; computed from the end backwards.
  let next = new Uint8Array(width);
  next[s.length] = 1;
  for (let i = g.length - 1; i >= 0; i--) {
    const row = new Uint8Array(width);
    const gc = g.charCodeAt(i);
    for (let j = s.length; j >= 0; j--) {
      const sc = j < s.length ? s.charCodeAt(j) : -1;
      if (gc === STAR) row[j] = next[j]! || (sc !== -1 && row[j + 1]!) ? 1 : 0;
      else if (sc === -1 || sc === STAR) row[j] = 0;
      else if (gc === ANY) row[j] = next[j + 1]!;
      else row[j] = sc === gc ? next[j + 1]! : 0;
    }
    next = row;
  }
  return next[0] === 1;
}

/** True if some string is matched by both patterns. Exact. */
export function patternsIntersect(a: string, b: string): boolean {
  const x = normalizePattern(a);
  const y = normalizePattern(b);
  const width = y.length + 1;
  if ((x.length + 1) * width > MAX_CELLS) return true;
  let next = new Uint8Array(width);
  for (let i = x.length; i >= 0; i--) {
    const row = new Uint8Array(width);
    const xc = i < x.length ? x.charCodeAt(i) : -1;
    for (let j = y.length; j >= 0; j--) {
      const yc = j < y.length ? y.charCodeAt(j) : -1;
      let hit = xc === -1 && yc === -1;
      if (!hit && xc === STAR) hit = next[j] === 1 || (yc !== -1 && row[j + 1] === 1);
      if (!hit && yc === STAR) hit = row[j + 1] === 1 || (xc !== -1 && next[j] === 1);
      if (!hit && xc !== -1 && yc !== -1 && xc !== STAR && yc !== STAR) {
        hit = (xc === ANY || yc === ANY || xc === yc) && next[j + 1] === 1;
      }
      row[j] = hit ? 1 : 0;
    }
    next = row;
  }
  return next[0] === 1;
}
