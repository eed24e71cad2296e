import { createTestDatabase } from '#platform';
import {
  CreateEventStore1764400000000,
  Database,
  EventStore,
  LogFollower,
  START_OF_LOG,
  runMigrations,
  type StoredEvent,
} from '#event-store';
import { testEvent } from '../testing/event-factory.js';
import { waitUntil } from '../testing/wait-until.js';

/**
 * Followers sleep until the store's one watch of the log's tip wakes them: another process's append (here
 * another EventStore on its own pool) and the end of a transaction that held readers back both do. The
 * followers' own fallback poll is set to a minute, so only the watch can explain a prompt delivery.
 */
describe('the log tip watch', () => {
  let drop: () => Promise<void>;
  let db: Database;
  let otherDb: Database;
  let store: EventStore;
  let otherProcess: EventStore;

  beforeAll(async () => {
    const testDb = await createTestDatabase('tipwatch');
    drop = testDb.drop;
    await runMigrations(testDb.url, [CreateEventStore1764400000000]);
    db = new Database(testDb.url, { max: 5 });
    otherDb = new Database(testDb.url, { max: 5 });
    store = new EventStore(db, undefined, { watchIntervalMs: 10 });
    otherProcess = new EventStore(otherDb);
  });

  afterAll(async () => {
    await otherDb.close();
    await db.close();
    await drop();
  });

  const follow = (seen: StoredEvent[]) =>
    new LogFollower(store, {
      name: 'watched',
      pollIntervalMs: 60_000,
      loadCheckpoint: async () => START_OF_LOG,
      handle: async (batch) => void seen.push(...batch),
    });

  it("wakes this process's followers for another process's appends", async () => {
    const seen: StoredEvent[] = [];
    const followers = [follow(seen), follow(seen)];
    for (const follower of followers) follower.start();
    await otherProcess.append('elsewhere-1', 'none', [testEvent('A')]);
    await waitUntil(() => seen.length === 2, 10_000);
    await otherProcess.append('elsewhere-2', 'none', [testEvent('B')]);
    await waitUntil(() => seen.length === 4, 10_000);
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
    await waitUntil(() => seen.length === 2, 10_000); // what the first test appended
    const holder = await otherDb.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_current_xact_id()'); // an older transaction still running
      await store.append('held-back', 'none', [testEvent('C')]); // its own append wakes the follower...
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).toHaveLength(2); // ...which may not read it yet: commit order waits for the holder
      await holder.query('COMMIT'); // ends without appending: only the watch sees the tip move
      await waitUntil(() => seen.length === 3, 10_000);
    } finally {
      holder.release();
      await follower.stop();
    }
    expect(seen[2].streamId).toBe('held-back');
  });
});
