import type { SqlClient } from '../sql/database.js';
import { LogTipWatch } from './log-tip-watch.js';

/** The watch's bookkeeping of who an append wakes; it never polls here (ten-minute interval). */
describe('LogTipWatch wakes on appends', () => {
  const newWatch = () => new LogTipWatch({} as SqlClient, 600_000);

  it('wakes a subscriber for an append of a type it names, or of unknown types, and for every moved tip', () => {
    const watch = newWatch();
    const woken: string[] = [];
    const stop = watch.subscribe(() => woken.push('grants'), new Set(['Granted']));
    watch.subscribe(() => woken.push('all'));
    watch.wake(undefined, ['SessionStarted']);
    expect(woken).toEqual(['all']);
    watch.wake(undefined, ['SessionStarted', 'Granted']);
    watch.wake();
    watch.wake({ transactionId: '7', position: 3 });
    expect(woken).toEqual(['all', 'grants', 'all', 'grants', 'all', 'grants', 'all']);
    stop();
  });

  it('tells the types that wake some subscriber at once, now and whenever subscribers come or go', () => {
    const watch = newWatch();
    const told: (string[] | undefined)[] = [];
    const unwatch = watch.watchAppendWakes((types) => told.push(types && [...types].sort()));
    const projections = watch.subscribe(() => undefined, new Set(['UserCreated', 'Granted']));
    const chain = watch.subscribe(() => undefined, new Set());
    const relay = watch.subscribe(() => undefined); // every append
    relay();
    projections();
    chain();
    unwatch();
    watch.subscribe(() => undefined);
    expect(told).toEqual([
      [],
      ['Granted', 'UserCreated'],
      ['Granted', 'UserCreated'],
      undefined,
      ['Granted', 'UserCreated'],
      [],
      [],
    ]);
  });
});
