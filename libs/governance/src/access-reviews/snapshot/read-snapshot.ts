import { type CommitOrderCheckpoint, type EventStore, START_OF_LOG, type SqlClient } from '#event-store';
import { type AccessSnapshot, emptySnapshot, foldIntoSnapshot } from './access-snapshot.js';
import { closedPrefixBound, readPrefixAfter } from './log-prefix.js';

const BATCH = 5000;

export interface FrozenSnapshot {
  snapshot: AccessSnapshot;
  /** Every event at or before this commit-order key is folded in, and no other. */
  checkpoint: CommitOrderCheckpoint;
}

/**
 * Folds the log's closed prefix (see `closedPrefixBound`) in commit order. Every event at or before the
 * checkpoint is in it, every event committed later has a greater commit-order key: the set "events ≤
 * checkpoint" is closed for ever, and refolding it gives the same snapshot, the proof of what a review
 * certified. Everything committed before the campaign was asked for is in it. Run before the caller's
 * transaction writes anything: its own transaction would be one of those waited for.
 */
export async function readFrozenSnapshot(store: EventStore, client: SqlClient): Promise<FrozenSnapshot> {
  const bound = await closedPrefixBound(store.db);
  const snapshot = emptySnapshot();
  let checkpoint: CommitOrderCheckpoint = START_OF_LOG;
  for (;;) {
    const batch = await readPrefixAfter(store, client, checkpoint, bound, BATCH);
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
