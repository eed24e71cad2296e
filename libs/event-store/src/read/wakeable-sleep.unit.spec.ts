import { withTimeout } from '#common';
import { WakeableSleep } from './wakeable-sleep.js';

// Whether `promise` settles within `ms` (the timer cleared either way, so none outlives the test).
const within = async (ms: number, promise: Promise<void>) => {
  const settled = promise.then(() => true);
  return (await withTimeout(settled, ms)) ?? false;
};

describe('WakeableSleep', () => {
  it('a wake-up cuts a sleep short', async () => {
    const pause = new WakeableSleep();
    const sleeping = pause.sleep(60_000);
    pause.wake();
    expect(await within(1000, sleeping)).toBe(true);
  });

  it('a wake-up while nobody sleeps ends the next sleep at once, and only that one', async () => {
    const pause = new WakeableSleep();
    pause.wake();
    pause.wake();
    expect(await within(1000, pause.sleep(60_000))).toBe(true);
    expect(await within(50, pause.sleep(200))).toBe(false);
    pause.wake(); // ends the sleep left running, and its timer
  });

  it('sleeps its time without a wake-up', async () => {
    const pause = new WakeableSleep();
    expect(await within(1000, pause.sleep(10))).toBe(true);
  });
});
