import pg from 'pg';
import { createTestDatabase } from '#platform';
import {
  APP_ROLE,
  chainLinkAt,
  CreateEventChain1764400090000,
  CreateEventStore1764400000000,
  Database,
  EventStore,
  ProtectEventHistory1764400091000,
  GrantAppRoleRuntimeRights1764400092000,
  AppRoleLogin1764400093000,
  resolveAppConnection,
  runMigrations,
  verifyChain,
} from '#event-store';
import { testEvent } from '../testing/event-factory.js';
import { chainEverything } from '../testing/chain-everything.js';
import { deleteEvent, editEventData, truncateTail } from '../testing/tamper.js';

const MIGRATIONS = [
  CreateEventStore1764400000000,
  CreateEventChain1764400090000,
  ProtectEventHistory1764400091000,
  GrantAppRoleRuntimeRights1764400092000,
  AppRoleLogin1764400093000,
];

/** A fresh database with a few chained events; each tampering case gets its own. */
async function chainedHistory(events = 6) {
  const testDb = await createTestDatabase('protect');
  await runMigrations(testDb.url, MIGRATIONS);
  const db = new Database(testDb.url, { max: 4 });
  const store = new EventStore(db);
  for (let i = 0; i < events; i++) await store.append(`user-${i}`, 'none', [testEvent('UserCreated', { i })]);
  await chainEverything(store);
  const positions = (await db.query<{ p: number }>(`SELECT global_position AS p FROM events ORDER BY 1`))
    .rows;
  return {
    url: testDb.url,
    db,
    positions: positions.map((r) => r.p),
    close: async () => {
      await db.close();
      await testDb.drop();
    },
  };
}

async function asClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('event history protection', () => {
  it('as the application role: appends and reads, but cannot UPDATE, DELETE or TRUNCATE history', async () => {
    const history = await chainedHistory(2);
    try {
      await asClient(history.url, async (client) => {
        await client.query(`SET ROLE ${APP_ROLE}`);
        const store = new EventStore(client as unknown as Database);
        await store.append('user-app', 'none', [testEvent()]);
        expect((await client.query(`SELECT count(*)::int AS n FROM events`)).rows[0].n).toBe(3);
        for (const sql of [
          `UPDATE events SET data = '{}'`,
          `DELETE FROM events`,
          `TRUNCATE events`,
          `UPDATE event_chain SET hash = prev_hash`,
          `DELETE FROM event_chain`,
          `TRUNCATE event_chain`,
        ]) {
          await expect(client.query(sql)).rejects.toThrow(/permission denied/);
        }
        // Read models stay fully writable for the application.
        await client.query(`INSERT INTO consumer_checkpoints VALUES ('x', '1', 1, now())`);
        await client.query(`DELETE FROM consumer_checkpoints WHERE consumer = 'x'`);
      });
    } finally {
      await history.close();
    }
  });

  it("the service's pool runs as the application role: logged in as it, or taking it after logging in", async () => {
    const history = await chainedHistory(1);
    const connection = await resolveAppConnection(history.url);
    // This test server lets any local user in (trust): the service logs in as the role itself.
    expect(connection.role).toBeUndefined();
    expect(new URL(connection.url).username).toBe(APP_ROLE);
    const loggedIn = new Database(connection.url, { max: 2 });
    const taken = new Database(history.url, { max: 2, role: APP_ROLE });
    const writer = await loggedIn.pool.connect();
    try {
      for (const db of [loggedIn, taken]) {
        expect((await db.query(`SELECT current_user AS u`)).rows[0].u).toBe(APP_ROLE);
        await expect(db.query(`DELETE FROM events`)).rejects.toThrow(/permission denied/);
      }
      await loggedIn.query(`CREATE TABLE scratch (id int)`); // test fixtures create their own tables
      // Its own sessions are its own: it sees their transactions and may end them (a lost leader's session).
      await writer.query('BEGIN');
      const { rows } = await writer.query<{ xid: string; pid: number }>(
        `SELECT pg_current_xact_id()::text AS xid, pg_backend_pid() AS pid`,
      );
      const seen = await loggedIn.query<{ xids: string[] }>(
        `SELECT array_agg(backend_xid::text) AS xids FROM pg_stat_activity WHERE datname = current_database()`,
      );
      expect(seen.rows[0].xids).toContain(rows[0].xid);
      writer.on('error', () => undefined);
      await loggedIn.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    } finally {
      writer.release(true);
      await loggedIn.close();
      await taken.close();
      await history.close();
    }
  });

  it('as a superuser: the trigger still refuses UPDATE, DELETE and TRUNCATE', async () => {
    const history = await chainedHistory(2);
    try {
      await asClient(history.url, async (client) => {
        expect(
          (await client.query(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)).rows[0],
        ).toEqual({
          rolsuper: true,
        });
        for (const table of ['events', 'event_chain']) {
          for (const sql of [
            `UPDATE ${table} SET transaction_id = transaction_id`,
            `DELETE FROM ${table}`,
            `TRUNCATE ${table}`,
          ]) {
            await expect(client.query(sql)).rejects.toThrow(/append-only/);
          }
        }
      });
      expect(await verifyChain(history.db)).toMatchObject({ verified: true, events: 2 });
    } finally {
      await history.close();
    }
  });

  it('a superuser who disables the trigger and edits a payload is found at that event', async () => {
    const history = await chainedHistory();
    try {
      await editEventData(history.url, history.positions[3], { i: 3, admin: true });
      expect(await verifyChain(history.db)).toMatchObject({
        verified: false,
        reason: 'HashMismatch',
        firstBrokenPosition: history.positions[3],
        events: 3,
      });
    } finally {
      await history.close();
    }
  });

  it('a deleted event is found as missing from its link', async () => {
    const history = await chainedHistory();
    try {
      await deleteEvent(history.url, history.positions[2]);
      expect(await verifyChain(history.db)).toMatchObject({
        verified: false,
        reason: 'EventMissing',
        firstBrokenPosition: history.positions[2],
      });
    } finally {
      await history.close();
    }
  });

  it('a truncated tail leaves a whole, shorter chain that no longer holds the earlier head', async () => {
    const history = await chainedHistory();
    try {
      const before = await verifyChain(history.db);
      await truncateTail(history.url, 2);
      const after = await verifyChain(history.db);
      expect(after).toMatchObject({ verified: true, events: before.events - 2 });
      expect(await chainLinkAt(history.db, before.events)).toBeUndefined();
    } finally {
      await history.close();
    }
  });
});
