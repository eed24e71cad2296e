/**
 * `*` (any run of characters, including none) and `?` (exactly one character) matching, as used by
 * actions, resources and StringLike. Iterative with single-star backtracking: O(n·m) at worst, never
 * exponential, so a hostile pattern cannot stall a check.
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (t < text.length) {
    const char = pattern.charCodeAt(p);
    if (char === 0x3f /* ? */ || char === text.charCodeAt(t)) {
      p++;
      t++;
    } else if (char === 0x2a /* * */) {
      starAt = p++;
      resumeAt = t;
    } else if (starAt >= 0) {
      p = starAt + 1;
      t = ++resumeAt;
    } else return false;
  }
  while (pattern.charCodeAt(p) === 0x2a) p++;
  return p === pattern.length;
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
