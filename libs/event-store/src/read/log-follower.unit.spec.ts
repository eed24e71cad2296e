import type { CommitOrderCheckpoint, StoredEvent } from '../event.js';
import type { EventStore } from '../event-store.js';
import type { SqlClient } from '../sql/database.js';
import { LogTipWatch, type TipListener } from './log-tip-watch.js';
import { testEvent } from '../testing/event-factory.js';
import { waitUntil } from '../testing/wait-until.js';
import { checkpointOf, compareCheckpoints } from './commit-order-reader.js';
import { LogFollower } from './log-follower.js';

/** A log in memory with the store's two calls a follower makes: commit-order reads and the tip watch. */
class LogInMemory {
  readonly events: StoredEvent[] = [];
  reads = 0;
  /** The store's watch, never polling here: the tests wake it as appends and polls would. */
  readonly watch = new LogTipWatch({} as SqlClient, 600_000);

  add(transactionId: string, type?: string): CommitOrderCheckpoint {
    const event = {
      ...testEvent(),
      ...(type && { type }),
      streamId: `s-${this.events.length}`,
      streamVersion: 1,
    };
    this.events.push({ ...event, position: this.events.length + 1, transactionId });
    return checkpointOf(this.events[this.events.length - 1]);
  }

  asStore(): EventStore {
    return {
      readCommittedAfter: async (after: CommitOrderCheckpoint, limit: number) => {
        this.reads++;
        return this.events.filter((e) => compareCheckpoints(checkpointOf(e), after) > 0).slice(0, limit);
      },
      onLogAdvanced: (listener: TipListener, wakesOnAppendOf?: ReadonlySet<string>) =>
        this.watch.subscribe(listener, wakesOnAppendOf),
    } as unknown as EventStore;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('LogFollower woken by the tip watch', () => {
  it('reads when the tip is past it or unknown, not when it already stands on the tip', async () => {
    const log = new LogInMemory();
    log.add('10');
    const tip = log.add('11');
    const seen: StoredEvent[] = [];
    const follower = new LogFollower(log.asStore(), {
      name: 'test',
      pollIntervalMs: 600_000,
      loadCheckpoint: async () => ({ transactionId: '0', position: 0 }),
      handle: async (batch) => void seen.push(...batch),
    });
    follower.start();
    try {
      await waitUntil(() => seen.length === 2);
      await settle();
      const caughtUp = log.reads;

      log.watch.wake(tip); // the watch saw the tip this follower has read (its own process's append)
      await settle();
      expect(log.reads).toBe(caughtUp);

      log.watch.wake(); // this process appended: the tip is not known, so it reads
      await waitUntil(() => log.reads === caughtUp + 1);

      const next = log.add('12'); // another process's append, seen by the watch
      log.watch.wake(next);
      await waitUntil(() => seen.length === 3);
    } finally {
      await follower.stop();
    }
    expect(seen.map((e) => e.transactionId)).toEqual(['10', '11', '12']);
  });

  it('wakes at once for appends of this process of the types it names, at the next tip for the others', async () => {
    const log = new LogInMemory();
    const seen: StoredEvent[] = [];
    const follower = new LogFollower(log.asStore(), {
      name: 'test',
      pollIntervalMs: 600_000,
      wakesOnAppendOf: new Set(['Granted']),
      loadCheckpoint: async () => ({ transactionId: '0', position: 0 }),
      handle: async (batch) => void seen.push(...batch),
    });
    follower.start();
    try {
      await settle();
      const idle = log.reads;
      const sessionTip = log.add('20', 'SessionStarted');
      log.watch.wake(undefined, [log.events[0].type]); // an append of no interest: left to the watch
      await settle();
      expect(log.reads).toBe(idle);
      log.watch.wake(sessionTip); // the watch's poll saw the tip move
      await waitUntil(() => seen.length === 1);

      log.add('21', 'Granted');
      log.watch.wake(undefined, [log.events[1].type]); // an append it names: read at once
      await waitUntil(() => seen.length === 2);
      log.add('22', 'SessionStarted');
      log.watch.wake(); // a wake that does not say what was appended reads too
      await waitUntil(() => seen.length === 3);
    } finally {
      await follower.stop();
    }
    expect(seen.map((e) => e.type)).toEqual(['SessionStarted', 'Granted', 'SessionStarted']);
  });
});
