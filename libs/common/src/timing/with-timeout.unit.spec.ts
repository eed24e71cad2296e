import { withTimeout } from './with-timeout.js';

describe('withTimeout', () => {
  it('gives the value, or undefined after the timeout, and swallows a late rejection', async () => {
    expect(await withTimeout(Promise.resolve(7), 1000)).toBe(7);
    const late = new Promise<number>((_, reject) => setTimeout(() => reject(new Error('late')), 50));
    expect(await withTimeout(late, 10)).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 80));
  });
});
