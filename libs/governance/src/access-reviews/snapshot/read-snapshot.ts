import { type CommitOrderCheckpoint, type EventStore, START_OF_LOG, type SqlClient } from '#event-store';
import { type AccessSnapshot, emptySnapshot, foldIntoSnapshot } from './access-snapshot.js';

const BATCH = 5000;

export interface FrozenSnapshot {
  snapshot: AccessSnapshot;
  /** Every event at or before this commit-order key is folded in, and no other. */
  checkpoint: CommitOrderCheckpoint;
}

/**
 * Folds the log in commit order, with the same snapshot guard as every consumer: only transactions below the
 * oldest one still running are read, so an event that commits later has a greater commit-order key than
 * the checkpoint. The set "events ≤ checkpoint" is therefore closed for ever, and refolding it gives the
 * same snapshot: the proof of what a review certified. Run before the caller's transaction writes anything,
 * so its own events cannot hold the guard back.
 */
export async function readFrozenSnapshot(store: EventStore, client: SqlClient): Promise<FrozenSnapshot> {
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
