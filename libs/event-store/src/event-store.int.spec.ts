import {
  ConcurrentModificationError,
  checkpointOf,
  compareCheckpoints,
  Database,
  EventStore,
  LogFollower,
  START_OF_LOG,
  UpcasterRegistry,
  type StoredEvent,
} from '#event-store';
import { appendEvents } from './append/append-events.js';
import { testEvent } from './testing/event-factory.js';
import {
  type EventStoreTestDatabase,
  openEventStoreTestDatabase,
} from './testing/event-store-test-database.js';
import { waitUntil } from './testing/wait-until.js';

describe('PostgreSQL event store', () => {
  let testDb: EventStoreTestDatabase;
  let db: Database;
  let store: EventStore;

  beforeAll(async () => {
    testDb = await openEventStoreTestDatabase('es', { max: 30 });
    ({ db, store } = testDb);
  });

  afterAll(() => testDb.close());

  it('appends with the expected version and reads the stream back', async () => {
    const stored = await store.append('user-a', 'none', [testEvent('A1'), testEvent('A2')]);
    expect(stored.map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(stored[1].position).toBeGreaterThan(stored[0].position);
    await store.append('user-a', 2, [testEvent('A3')]);
    const events = await store.readStream('user-a');
    expect(events.map((e) => [e.type, e.streamVersion])).toEqual([
      ['A1', 1],
      ['A2', 2],
      ['A3', 3],
    ]);
    expect(events[0].metadata.actorArn).toBe('acs:ram::1000000000000001:root');
  });

  it('refuses a stale, a too-new and a "none" expectation without leaving a gap', async () => {
    await store.append('user-b', 'none', [testEvent()]);
    await expect(store.append('user-b', 'none', [testEvent()])).rejects.toBeInstanceOf(
      ConcurrentModificationError,
    );
    await expect(store.append('user-b', 0, [testEvent()])).rejects.toBeInstanceOf(
      ConcurrentModificationError,
    );
    await expect(store.append('user-b', 5, [testEvent()])).rejects.toBeInstanceOf(
      ConcurrentModificationError,
    );
    expect((await store.readStream('user-b')).map((e) => e.streamVersion)).toEqual([1]);
  });

  it('keeps stream versions whole under 20 concurrent writers x 250 appends over 50 streams', async () => {
    const streams = Array.from({ length: 50 }, (_, i) => `race-${i}`);
    let conflicts = 0;
    const otherErrors: unknown[] = [];
    const writer = async (w: number) => {
      let appended = 0;
      for (let attempt = 0; appended < 250; attempt++) {
        const streamId = streams[(w * 7 + attempt * 13) % streams.length];
        const current = await db.query<{ v: number }>(
          `SELECT coalesce(max(stream_version), 0)::int AS v FROM events WHERE stream_id = $1`,
          [streamId],
        );
        try {
          await store.append(streamId, current.rows[0].v || 'none', [testEvent('Raced', { w, appended })]);
          appended++;
        } catch (error) {
          if (error instanceof ConcurrentModificationError) conflicts++;
          else otherErrors.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, w) => writer(w)));
    expect(otherErrors).toEqual([]);
    const { rows } = await db.query<{ stream_id: string; versions: number[] }>(
      `SELECT stream_id, array_agg(stream_version ORDER BY global_position) AS versions
       FROM events WHERE stream_id LIKE 'race-%' GROUP BY stream_id`,
    );
    const total = rows.reduce((sum, row) => sum + row.versions.length, 0);
    expect(total).toBe(20 * 250);
    for (const row of rows) {
      expect(row.versions).toEqual(row.versions.map((_, i) => i + 1));
    }
    // Not asserted as a number: how many conflicts happen depends on timing; they must only be of one kind.
    expect(conflicts).toBeGreaterThanOrEqual(0);
  });

  it('does not pass a late-committing transaction: the reader waits for it, then delivers both', async () => {
    const head = await readAll(store);
    const t1 = await db.pool.connect();
    try {
      await t1.query('BEGIN');
      const [late] = await appendEvents(t1, 'late-1', 'none', [testEvent('Late')]);
      const [early] = await store.append('late-2', 'none', [testEvent('Early')]);
      expect(early.position).toBeGreaterThan(late.position);

      const whileOpen = await store.readCommittedAfter(head, 100_000);
      expect(whileOpen.map((e) => e.type)).not.toContain('Early');
      expect(whileOpen.map((e) => e.type)).not.toContain('Late');

      await t1.query('COMMIT');
      // The snapshot guard is server-wide: other databases' open transactions may delay (never reorder) us.
      let afterCommit: StoredEvent[] = [];
      await waitUntil(async () => {
        afterCommit = (await store.readCommittedAfter(head, 100_000)).filter((e) =>
          e.streamId.startsWith('late-'),
        );
        return afterCommit.length >= 2;
      });
      expect(afterCommit.map((e) => e.type)).toEqual(['Late', 'Early']);
    } finally {
      t1.release();
    }
  });

  it('upcasts old schemas on read without rewriting them', async () => {
    await store.append('user-up', 'none', [{ ...testEvent('Renamed', { name: 'x' }), schemaVersion: 1 }]);
    const upcasting = new EventStore(
      db,
      new UpcasterRegistry([
        { type: 'Renamed', fromSchemaVersion: 1, upcast: (d) => ({ ...(d as object), displayName: 'X' }) },
      ]),
    );
    const [event] = await upcasting.readStream('user-up');
    expect(event.schemaVersion).toBe(2);
    expect(event.data).toEqual({ name: 'x', displayName: 'X' });
    const raw = await db.query(`SELECT schema_version FROM events WHERE stream_id = 'user-up'`);
    expect(raw.rows[0].schema_version).toBe(1);
  });

  it('a read of some types steps over the others in the same rows, without their content', async () => {
    const head = await readAll(store);
    await store.append('typed-1', 'none', [testEvent('Wanted', { n: 1 }), testEvent('Other', { n: 2 })]);
    await store.append('typed-2', 'none', [testEvent('Other', { n: 3 }), testEvent('Wanted', { n: 4 })]);
    await store.append('typed-3', 'none', [testEvent('Other', { n: 5 })]);
    let all: StoredEvent[] = [];
    await waitUntil(async () => {
      all = (await store.readCommittedAfter(head, 100_000)).filter((e) => e.streamId.startsWith('typed-'));
      return all.length === 5;
    });
    const tail = checkpointOf(all[4]);
    const typed = await store.readCommittedOfTypesAfter(head, 100_000, new Set(['Wanted']));
    const wanted = typed.events.filter((e) => e.streamId.startsWith('typed-'));
    // The wanted events whole, as the full read has them; the read still ends past the last event of any type.
    expect(wanted).toEqual(all.filter((e) => e.type === 'Wanted'));
    expect(typed.events.every((e) => e.type === 'Wanted')).toBe(true);
    expect(compareCheckpoints(typed.last!, tail)).toBeGreaterThanOrEqual(0);
    expect(typed.count).toBeGreaterThanOrEqual(5);

    // A limit counts rows of every type: three rows hold one wanted event and end on an 'Other'.
    const three = await store.readCommittedOfTypesAfter(head, 3, new Set(['Wanted']));
    expect(three.count).toBe(3);
    expect(three.events.map((e) => e.data)).toEqual([{ n: 1 }]);
    expect(three.last).toEqual(checkpointOf(all[2]));
  });

  it('a follower of some types is handed only those, and its checkpoint moves past the others', async () => {
    const head = await readAll(store);
    const seen: StoredEvent[] = [];
    let at = head;
    const follower = new LogFollower(store, {
      name: 'typed',
      batchSize: 2,
      pollIntervalMs: 10,
      reads: new Set(['Kept']),
      loadCheckpoint: async () => head,
      handle: async (batch, next) => {
        seen.push(...batch);
        at = next;
      },
    });
    follower.start();
    try {
      await store.append('kept-1', 'none', [
        testEvent('Skipped'),
        testEvent('Skipped'),
        testEvent('Skipped'),
      ]);
      const [last] = await store.append('kept-2', 'none', [testEvent('Kept', { k: 1 })]);
      const [skippedLast] = await store.append('kept-3', 'none', [testEvent('Skipped')]);
      await waitUntil(() => compareCheckpoints(at, checkpointOf(skippedLast)) >= 0);
      expect(seen.map((e) => [e.type, e.data, e.eventId])).toEqual([['Kept', { k: 1 }, last.eventId]]);
    } finally {
      await follower.stop();
    }
  });

  it('a follower delivers every committed event exactly once in commit order', async () => {
    const seen: StoredEvent[] = [];
    const follower = new LogFollower(store, {
      name: 'test',
      batchSize: 7,
      pollIntervalMs: 10,
      loadCheckpoint: async () => START_OF_LOG,
      handle: async (batch) => void seen.push(...batch),
    });
    follower.start();
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.append(`follow-${i}`, 'none', [testEvent()])),
    );
    // The last committed event, read from the table: readAll might stop short of it while another
    // database's transaction holds the server-wide snapshot guard, and the follower would then pass it.
    const { rows: last } = await db.query<{ tx: string; global_position: string }>(
      `SELECT transaction_id::text AS tx, global_position FROM events
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    const tail = { transactionId: last[0].tx, position: Number(last[0].global_position) };
    await waitUntil(() => !!follower.checkpoint && compareCheckpoints(follower.checkpoint, tail) >= 0);
    await follower.stop();
    const ids = seen.map((e) => e.eventId);
    expect(new Set(ids).size).toBe(ids.length);
    const { rows } = await db.query<{
      event_id: string;
      stream_id: string;
      tx: string;
      global_position: number;
    }>(
      `SELECT event_id, stream_id, transaction_id::text AS tx, global_position FROM events ORDER BY transaction_id, global_position`,
    );
    expect(ids.length).toBe(rows.length);
    // Commit order compares transaction ids as numbers: '10000' comes after '9999', never before.
    for (let i = 1; i < seen.length; i++) {
      expect(compareCheckpoints(checkpointOf(seen[i - 1]), checkpointOf(seen[i]))).toBeLessThan(0);
    }
  });
  it('refuses an append from a transaction older than the last writer of the stream (reading stays in version order)', async () => {
    const older = await db.pool.connect();
    try {
      await older.query('BEGIN');
      await older.query('SELECT pg_current_xact_id()'); // takes its transaction id now
      await store.append('order-1', 'none', [testEvent('First')]); // a younger transaction commits v1
      await expect(appendEvents(older, 'order-1', 1, [testEvent('Second')])).rejects.toBeInstanceOf(
        ConcurrentModificationError,
      );
      await older.query('ROLLBACK');
    } finally {
      older.release();
    }
    const [retried] = await store.append('order-1', 1, [testEvent('Second')]);
    expect(retried.streamVersion).toBe(2);
  });
});

async function readAll(store: EventStore) {
  let checkpoint = START_OF_LOG;
  for (;;) {
    const batch = await store.readCommittedAfter(checkpoint, 1000);
    if (batch.length === 0) return checkpoint;
    const last = batch[batch.length - 1];
    checkpoint = { transactionId: last.transactionId, position: last.position };
  }
}
