import { backoffDelay, sleep } from './backoff.js';

describe('backoffDelay', () => {
  const noJitter = () => 0.5;

  it('grows exponentially from initialMs and stops at maxMs', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) =>
      backoffDelay(attempt, { initialMs: 100, maxMs: 2000 }, noJitter),
    );
    expect(delays).toEqual([100, 200, 400, 800, 1600, 2000, 2000, 2000]);
  });

  it('spreads by at most the jitter fraction and never exceeds maxMs', () => {
    for (let attempt = 1; attempt < 12; attempt++) {
      const low = backoffDelay(attempt, { initialMs: 100, maxMs: 1000, jitter: 0.2 }, () => 0);
      const high = backoffDelay(attempt, { initialMs: 100, maxMs: 1000, jitter: 0.2 }, () => 0.999999);
      const base = Math.min(1000, 100 * 2 ** (attempt - 1));
      expect(low).toBeGreaterThanOrEqual(Math.floor(base * 0.8));
      expect(high).toBeLessThanOrEqual(Math.min(1000, Math.ceil(base * 1.2)));
    }
  });

  it('has sane defaults', () => {
    expect(backoffDelay(1, {}, noJitter)).toBe(100);
    expect(backoffDelay(100, {}, noJitter)).toBe(5000);
  });
});

describe('sleep', () => {
  it('sleep returns early when aborted', async () => {
    const abort = new AbortController();
    const started = Date.now();
    setTimeout(() => abort.abort(), 20);
    await sleep(5000, abort.signal);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
