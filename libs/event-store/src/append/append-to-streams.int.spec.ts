import { ConcurrentModificationError, Database, EventStore } from '#event-store';
import { testEvent } from '../testing/event-factory.js';
import {
  type EventStoreTestDatabase,
  openEventStoreTestDatabase,
} from '../testing/event-store-test-database.js';
import { waitUntil } from '../testing/wait-until.js';
import { appendToStreams } from './append-to-streams.js';

/** The multi-stream append: one statement, each stream checked and written as a single-stream append is. */
describe('appendToStreams', () => {
  let testDb: EventStoreTestDatabase;
  let db: Database;
  let store: EventStore;

  beforeAll(async () => {
    testDb = await openEventStoreTestDatabase('es_multi', { max: 4 });
    ({ db, store } = testDb);
  });

  afterAll(() => testDb.close());

  const versions = async (streamId: string) =>
    (await store.readStream(streamId)).map((e) => [e.type, e.streamVersion]);

  it('appends to new and existing streams at their next versions, positions in input order', async () => {
    await store.append('multi-old', 'none', [testEvent('Old1'), testEvent('Old2')]);
    const outcomes = await appendToStreams(db, [
      { streamId: 'multi-new', expectedVersion: 'none', events: [testEvent('New1'), testEvent('New2')] },
      { streamId: 'multi-old', expectedVersion: 2, events: [testEvent('Old3')] },
      { streamId: 'multi-any', expectedVersion: 'any', events: [testEvent('Any1')] },
    ]);
    const stored = outcomes.map((o) => (o.ok ? o.stored : []));
    expect(stored.map((s) => s.map((e) => [e.streamId, e.type, e.streamVersion]))).toEqual([
      [
        ['multi-new', 'New1', 1],
        ['multi-new', 'New2', 2],
      ],
      [['multi-old', 'Old3', 3]],
      [['multi-any', 'Any1', 1]],
    ]);
    const positions = stored.flat().map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(stored.flat().map((e) => e.transactionId)).size).toBe(1);
    expect(await versions('multi-old')).toEqual([
      ['Old1', 1],
      ['Old2', 2],
      ['Old3', 3],
    ]);
  });

  it('leaves out a stream whose expectation fails, whole, and writes the others', async () => {
    await store.append('stale-1', 'none', [testEvent()]);
    const outcomes = await appendToStreams(db, [
      { streamId: 'fresh-1', expectedVersion: 'none', events: [testEvent('Fresh')] },
      { streamId: 'stale-1', expectedVersion: 'none', events: [testEvent('Stale1'), testEvent('Stale2')] },
      { streamId: 'fresh-2', expectedVersion: 'none', events: [testEvent('Fresh')] },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    const refused = outcomes[1];
    expect(!refused.ok && refused.error).toBeInstanceOf(ConcurrentModificationError);
    expect(!refused.ok && refused.error.streamId).toBe('stale-1');
    expect(await versions('stale-1')).toEqual([['TestHappened', 1]]);
    expect(await versions('fresh-2')).toEqual([['Fresh', 1]]);
  });

  it('two transactions racing for the same new stream: the loser fails whole, its other streams are not written', async () => {
    const first = await db.pool.connect();
    const second = await db.pool.connect();
    try {
      await first.query('BEGIN');
      await second.query('BEGIN');
      const { rows } = await second.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await appendToStreams(first, [
        { streamId: 'race-a', expectedVersion: 'none', events: [testEvent('A')] },
        { streamId: 'race-shared', expectedVersion: 'none', events: [testEvent('First')] },
      ]);
      // Waits on the first transaction's uncommitted row, then fails on the unique key once it commits.
      const losing = appendToStreams(second, [
        { streamId: 'race-b', expectedVersion: 'none', events: [testEvent('B')] },
        { streamId: 'race-shared', expectedVersion: 'none', events: [testEvent('Second')] },
      ]);
      await waitUntil(async () => {
        const waiting = await db.query(
          `SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`,
          [rows[0].pid],
        );
        return waiting.rows.length === 1;
      });
      await first.query('COMMIT');
      const error = await losing.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConcurrentModificationError);
      expect((error as ConcurrentModificationError).streamId).toBe('race-shared');
      await second.query('ROLLBACK');
    } finally {
      first.release();
      second.release();
    }
    expect(await versions('race-shared')).toEqual([['First', 1]]);
    expect(await versions('race-a')).toEqual([['A', 1]]);
    expect(await versions('race-b')).toEqual([]);
    // Written again on its own, the loser's other stream goes in.
    const [retried] = await appendToStreams(db, [
      { streamId: 'race-b', expectedVersion: 'none', events: [testEvent('B')] },
    ]);
    expect(retried.ok).toBe(true);
  });

  it('refuses a stream named twice, and answers an empty append without a statement', async () => {
    await expect(
      appendToStreams(db, [
        { streamId: 'twice', expectedVersion: 'any', events: [testEvent()] },
        { streamId: 'twice', expectedVersion: 'any', events: [testEvent()] },
      ]),
    ).rejects.toThrow('each stream may appear once');
    expect(await appendToStreams(db, [])).toEqual([]);
    expect(await versions('twice')).toEqual([]);
  });
});
