import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '#common';
import { type CommitOrderCheckpoint, type EventStore, START_OF_LOG, type SqlClient } from '#event-store';
import { type AccessSnapshot, emptySnapshot, foldIntoSnapshot } from './access-snapshot.js';

const BATCH = 5000;
const IN_FLIGHT_WAIT_MS = 10_000;

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
 * Waits until every transaction that had an id when this was called has ended, in any database of the
 * server (ids are server-wide, and so is the commit-order guard). The bound is an id given out now, to a
 * statement of its own on the pool: every writer in flight holds a smaller one. Polled in autocommit
 * statements, each with a fresh snapshot; a writer still running after 10 s is refused rather than left out.
 */
async function awaitTransactionsInFlight(db: SqlClient): Promise<void> {
  const { rows } = await db.query<{ next: string }>(`SELECT pg_current_xact_id()::text AS next`);
  const deadline = Date.now() + IN_FLIGHT_WAIT_MS;
  for (;;) {
    const { rows: ended } = await db.query<{ done: boolean }>(
      `SELECT pg_snapshot_xmin(pg_current_snapshot()) > $1::xid8 AS done`,
      [rows[0].next],
    );
    if (ended[0].done) return;
    if (Date.now() > deadline)
      throw new DomainError('ServiceUnavailable', 'Writes in flight did not finish; retry the request', 503);
    await sleep(10);
  }
}
