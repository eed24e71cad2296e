import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '#common';
import {
  type CommitOrderCheckpoint,
  EVENT_COLUMNS,
  type EventRow,
  type EventStore,
  type SqlClient,
  type StoredEvent,
  toStoredEvent,
} from '#event-store';

const IN_FLIGHT_WAIT_MS = 10_000;

/**
 * A transaction id such that every event of this database written by a smaller one is committed (or never
 * will be) and every later commit has a larger one: the end of a closed prefix of the log in commit order.
 * It is an id given out now, in a statement of its own; the transactions of this database that held an id
 * then are waited for (their id locks in `pg_locks`, their database in `pg_stat_activity`: both readable by
 * every role, unlike another session's `backend_xid`). Only this database's transactions can
 * write its events, so a long transaction elsewhere on the server does not hold the snapshot back, unlike
 * the consumers' server-wide guard. A writer still running after 10 s is refused rather than left out.
 */
export async function closedPrefixBound(db: SqlClient): Promise<string> {
  const { rows } = await db.query<{ next: string }>(`SELECT pg_current_xact_id()::text AS next`);
  const { rows: inFlight } = await db.query<{ xids: string[] }>(
    `SELECT coalesce(array_agg(DISTINCT t.transactionid::text), '{}') AS xids
     FROM pg_locks t JOIN pg_stat_activity a ON a.pid = t.pid
     WHERE t.locktype = 'transactionid' AND t.mode = 'ExclusiveLock' AND t.granted
       AND a.datname = current_database()`,
  );
  const deadline = Date.now() + IN_FLIGHT_WAIT_MS;
  for (;;) {
    const { rows: running } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks
       WHERE locktype = 'transactionid' AND mode = 'ExclusiveLock' AND transactionid::text = ANY($1::text[])`,
      [inFlight[0].xids],
    );
    if (running[0].n === 0) return rows[0].next;
    if (Date.now() > deadline)
      throw new DomainError('ServiceUnavailable', 'Writes in flight did not finish; retry the request', 503);
    await sleep(10);
  }
}

/** The next events after `after` in commit order, of transactions below `bound` only (upcast like the store's). */
export async function readPrefixAfter(
  store: EventStore,
  client: SqlClient,
  after: CommitOrderCheckpoint,
  bound: string,
  limit: number,
): Promise<StoredEvent[]> {
  const { rows } = await client.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events e
     WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint) AND e.transaction_id < $3::xid8
     ORDER BY e.transaction_id, e.global_position LIMIT $4`,
    [after.transactionId, after.position, bound, limit],
  );
  return rows.map((row) => toStoredEvent(row, store.upcasters));
}
