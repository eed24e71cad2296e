import pg from 'pg';
import {
  CHAIN_LOCK_KEY,
  chainPending,
  CreateEventChain1764400090000,
  Database,
  EventChainer,
  EventStore,
  insertLinks,
  linkRows,
  readChainHead,
  readUnchained,
  verifyChain,
} from '#event-store';
import { appendEvents } from '../append/append-events.js';
import { testEvent } from '../testing/event-factory.js';
import { chainEverything } from '../testing/chain-everything.js';
import { waitUntil } from '../testing/wait-until.js';
import {
  type EventStoreTestDatabase,
  openEventStoreTestDatabase,
} from '../testing/event-store-test-database.js';

describe('event hash chain', () => {
  let testDb: EventStoreTestDatabase;
  let url: string;
  let db: Database;
  let store: EventStore;

  beforeAll(async () => {
    testDb = await openEventStoreTestDatabase('chain', {
      max: 30,
      migrations: [CreateEventChain1764400090000],
    });
    ({ url, db, store } = testDb);
  });

  afterAll(() => testDb.close());

  /** The chain's positions in seq order must be the log's commit order, every event exactly once. */
  async function expectChainInCommitOrder() {
    const chain = await db.query<{ seq: number; global_position: number }>(
      `SELECT seq, global_position FROM event_chain ORDER BY seq`,
    );
    const log = await db.query<{ global_position: number }>(
      `SELECT global_position FROM events ORDER BY transaction_id, global_position`,
    );
    expect(chain.rows.map((r) => r.seq)).toEqual(chain.rows.map((_, i) => i + 1));
    expect(chain.rows.map((r) => r.global_position)).toEqual(log.rows.map((r) => r.global_position));
    const verification = await verifyChain(db, 7);
    expect(verification).toMatchObject({ verified: true, events: log.rows.length, unchainedEvents: 0 });
  }

  it('chains a late-committing transaction after the events it committed after, never skipping it', async () => {
    const late = await db.pool.connect();
    try {
      await late.query('BEGIN');
      const [early] = await appendEvents(late, 'late-1', 'none', [testEvent('Late')]);
      const [later] = await store.append('late-2', 'none', [testEvent('Early')]);
      expect(later.position).toBeGreaterThan(early.position);
      await chainPending(db);
      const { rows } = await db.query(`SELECT 1 FROM event_chain WHERE global_position = $1`, [
        later.position,
      ]);
      expect(rows).toHaveLength(0); // waits behind the open transaction
      await late.query('COMMIT');
    } finally {
      late.release();
    }
    await chainEverything(store);
    await expectChainInCommitOrder();
  });

  it('makes one chain in commit order from 10 concurrent writers while two chainers run', async () => {
    const otherDb = new Database(url, { max: 5 });
    const chainers = [new EventChainer(store, { batchSize: 13, pollIntervalMs: 5 })];
    chainers.push(new EventChainer(new EventStore(otherDb), { batchSize: 17, pollIntervalMs: 5 }));
    chainers.forEach((c) => c.start());
    try {
      await Promise.all(
        Array.from({ length: 10 }, async (_, w) => {
          for (let i = 0; i < 30; i++) {
            await store.transaction(async (tx) => {
              await tx.append(`writer-${w}-${i}`, 'none', [testEvent('A'), testEvent('B')]);
            });
          }
        }),
      );
    } finally {
      await Promise.all(chainers.map((c) => c.stop()));
      await otherDb.close();
    }
    await chainEverything(store);
    await expectChainInCommitOrder();
  });

  it('lets only the lock holder write: a second chainer chains nothing meanwhile', async () => {
    await store.append('locked', 'none', [testEvent()]);
    const holder = await db.pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
      expect(await chainPending(db)).toBe(0);
      await holder.query('ROLLBACK');
    } finally {
      holder.release();
    }
    await chainEverything(store);
    await expectChainInCommitOrder();
  });

  it('resumes after a chainer died between inserting links and committing them', async () => {
    await Promise.all(Array.from({ length: 5 }, (_, i) => store.append(`crash-${i}`, 'none', [testEvent()])));
    const victim = new pg.Client(url);
    await victim.connect();
    victim.on('error', () => undefined);
    await victim.query('BEGIN');
    await victim.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
    const head = await readChainHead(victim);
    await insertLinks(victim, linkRows(head, await readUnchained(victim, head.checkpoint, 2)));
    const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await db.query('SELECT pg_terminate_backend($1)', [rows[0].pid]); // the crash: nothing commits
    await victim.end().catch(() => undefined);
    expect((await readChainHead(db)).seq).toBe(head.seq);
    const restarted = new EventChainer(store);
    restarted.start();
    await store.append('after-restart', 'none', [testEvent()]);
    await waitUntil(async () => (await verifyChain(db)).unchainedEvents === 0);
    await restarted.stop();
    await expectChainInCommitOrder();
  });
});
