import { type LoadResult, loadResult } from './http-load.js';

/**
 * Measures two servers in alternating rounds (ours first, then the baseline first, and so on) and pools each
 * one's rounds: on a shared 2-core machine a figure drifts by 10-40 % over a minute, and a ratio of two
 * back-to-back runs mostly measures that drift. Alternating exposes both servers to the same conditions.
 */
export async function compareInRounds(
  rounds: number,
  run: (target: 'ours' | 'baseline') => Promise<LoadResult>,
): Promise<{ ours: LoadResult; baseline: LoadResult; rounds: { ours: number; baseline: number }[] }> {
  const results = { ours: [] as LoadResult[], baseline: [] as LoadResult[] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const);
    for (const target of order) results[target].push(await run(target));
  }
  return {
    ours: loadResult(results.ours),
    baseline: loadResult(results.baseline),
    rounds: results.ours.map((ours, i) => ({
      ours: ours.perSecond,
      baseline: results.baseline[i].perSecond,
    })),
  };
}
