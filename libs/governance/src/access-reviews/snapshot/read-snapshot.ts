import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '#common';
import { type CommitOrderCheckpoint, type EventStore, START_OF_LOG, type SqlClient } from '#event-store';
import { type AccessSnapshot, emptySnapshot, foldIntoSnapshot } from './access-snapshot.js';

const BATCH = 5000;
const IN_FLIGHT_WAIT_MS = 5000;

export interface FrozenSnapshot {
  snapshot: AccessSnapshot;
  /** Every event at or before this commit-order key is folded in, and no other. */
  checkpoint: CommitOrderCheckpoint;
}

/**
 * Folds the log in commit order, with the same snapshot guard as every consumer: only transactions below the
 * oldest one still running are read, so an event that commits later has a greater commit-order key than
 * the checkpoint. The set "events ≤ checkpoint" is therefore closed for ever, and refolding it gives the
 * same snapshot: the proof of what a review certified. It first waits for the transactions in flight when
 * it was called, so everything committed before the campaign was asked for is in it. Run before the
 * caller's transaction writes anything: its own transaction would be one of those waited for.
 */
export async function readFrozenSnapshot(store: EventStore, client: SqlClient): Promise<FrozenSnapshot> {
  await awaitTransactionsInFlight(store.db);
  const snapshot = emptySnapshot();
  let checkpoint: CommitOrderCheckpoint = START_OF_LOG;
  for (;;) {
    const batch = await store.readCommittedAfter(checkpoint, BATCH, client);
    for (const event of batch) foldIntoSnapshot(snapshot, event);
    if (batch.length > 0) {
      const last = batch[batch.length - 1];
      checkpoint = { transactionId: last.transactionId, position: last.position };
    }
    if (batch.length < BATCH) return { snapshot, checkpoint };
  }
}

/** Last use of every AccessKey: kept by authentication in `access_key_index`, not in the log. */
export async function readKeyLastUsed(client: SqlClient): Promise<Map<string, string>> {
  const { rows } = await client.query<{ access_key_id: string; last_used_date: Date }>(
    `SELECT access_key_id, last_used_date FROM access_key_index WHERE last_used_date IS NOT NULL`,
  );
  return new Map(rows.map((r) => [r.access_key_id, r.last_used_date.toISOString()]));
}

/**
 * Waits until every transaction of this database that had written (held an id) when this was called has
 * ended. Polled in autocommit statements on the pool: each sees the current activity. A writer still running
 * after 5 s is refused rather than left out silently.
 */
async function awaitTransactionsInFlight(db: SqlClient): Promise<void> {
  const { rows } = await db.query<{ xids: string[] }>(
    `SELECT coalesce(array_agg(backend_xid::text), '{}') AS xids FROM pg_stat_activity
     WHERE datname = current_database() AND backend_xid IS NOT NULL`,
  );
  const deadline = Date.now() + IN_FLIGHT_WAIT_MS;
  for (;;) {
    const { rows: running } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND backend_xid::text = ANY($1::text[])`,
      [rows[0].xids],
    );
    if (running[0].n === 0) return;
    if (Date.now() > deadline)
      throw new DomainError('ServiceUnavailable', 'Writes in flight did not finish; retry the request', 503);
    await sleep(10);
  }
}
