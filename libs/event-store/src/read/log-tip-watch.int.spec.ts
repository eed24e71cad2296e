import { Database, EventStore, LogFollower, START_OF_LOG, type StoredEvent } from '#event-store';
import { testEvent } from '../testing/event-factory.js';
import {
  type EventStoreTestDatabase,
  openEventStoreTestDatabase,
} from '../testing/event-store-test-database.js';
import { READABLE_TIP_SQL as TIP_SQL } from './commit-order-reader.js';
import { waitUntil } from '../testing/wait-until.js';

/**
 * Followers sleep until the store's one watch of the log's tip wakes them: another process's append (here
 * another EventStore on its own pool) and the end of a transaction that held readers back both do. The
 * followers' own fallback poll is set to ten minutes, so only the watch can explain a delivery. Waits are
 * long: commit order waits for the oldest transaction of the whole server, other suites' included.
 */
describe('the log tip watch', () => {
  let testDb: EventStoreTestDatabase;
  let db: Database;
  let otherDb: Database;
  let store: EventStore;
  let otherProcess: EventStore;

  beforeAll(async () => {
    testDb = await openEventStoreTestDatabase('tipwatch', { max: 5, store: { watchIntervalMs: 10 } });
    ({ db, store } = testDb);
    otherDb = new Database(testDb.url, { max: 5 });
    otherProcess = new EventStore(otherDb);
  });

  afterAll(async () => {
    await otherDb.close();
    await testDb.close();
  });

  const follow = (seen: StoredEvent[]) =>
    new LogFollower(store, {
      name: 'watched',
      pollIntervalMs: 600_000,
      loadCheckpoint: async () => START_OF_LOG,
      handle: async (batch) => void seen.push(...batch),
    });

  it("wakes this process's followers for another process's appends", async () => {
    const seen: StoredEvent[] = [];
    const followers = [follow(seen), follow(seen)];
    for (const follower of followers) follower.start();
    await otherProcess.append('elsewhere-1', 'none', [testEvent('A')]);
    await waitUntil(() => seen.length === 2, 60_000);
    await otherProcess.append('elsewhere-2', 'none', [testEvent('B')]);
    await waitUntil(() => seen.length === 4, 60_000);
    for (const follower of followers) await follower.stop();
    expect(seen.map((event) => event.streamId).sort()).toEqual([
      'elsewhere-1',
      'elsewhere-1',
      'elsewhere-2',
      'elsewhere-2',
    ]);
  });

  it('wakes a follower held back by a transaction that appends nothing, once it ends', async () => {
    const seen: StoredEvent[] = [];
    const follower = follow(seen);
    follower.start();
    await waitUntil(() => seen.length === 2, 60_000); // what the first test appended
    const holder = await otherDb.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_current_xact_id()'); // an older transaction still running
      await store.append('held-back', 'none', [testEvent('C')]); // its own append wakes the follower...
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toHaveLength(2); // ...which may not read it yet: commit order waits for the holder
      await holder.query('COMMIT'); // ends without appending: only the watch sees the tip move
      await waitUntil(() => seen.length === 3, 60_000);
    } finally {
      holder.release();
      await follower.stop();
    }
    expect(seen[2].streamId).toBe('held-back');
  });

  it('finds the tip with one step down the commit-order index, not by sorting the log', async () => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off'); // the plan a large log gets
      const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${TIP_SQL}`);
      const plan = JSON.stringify(rows[0]['QUERY PLAN']);
      expect(plan).toContain('events_commit_order');
      expect(plan).not.toContain('"Sort"');
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });
});
