import type pg from 'pg';
import {
  type CommitOrderCheckpoint,
  type Database,
  type EventStore,
  START_OF_LOG,
  type SqlClient,
  checkpointOf,
  compareCheckpoints,
  resetCheckpoint,
  saveCheckpoint,
} from '#event-store';
import {
  type Projection,
  applyBatch,
  lockProjectionExclusive,
  projectionCheckpointName,
  unlockProjectionExclusive,
} from '#projections';

export interface RebuildOptions {
  /** Events read and applied per transaction. Default 5000. */
  batchSize?: number;
  onBatch?: (eventsSoFar: number) => void;
}

export interface RebuildResult {
  projection: string;
  events: number;
  batches: number;
  ms: number;
  checkpoint: CommitOrderCheckpoint;
}

/**
 * Empties a projection's read model and progress and replays the event store into it in commit order, up to
 * the last event committed when it began, one transaction per batch, the checkpoint saved with each batch.
 *
 * Live consumers may keep running: the rebuild holds the projection's lock exclusively from start to end, so
 * their batches wait (a Kafka member keeps heartbeating meanwhile); afterwards they find per-stream progress
 * up to where the rebuild read and skip what it already applied. Readers of the read model see it fill up
 * batch by batch. A rebuild that dies halfway leaves the read model at its last committed batch and the
 * checkpoint with it: the in-process transport continues from there; in Kafka mode, run the rebuild again.
 */
export async function rebuildProjection(
  infra: { db: Database; store: EventStore },
  projection: Projection,
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  const batchSize = options.batchSize ?? 5000;
  const checkpointName = projectionCheckpointName(projection);
  const started = performance.now();
  const client = await infra.db.pool.connect();
  let healthy = false;
  try {
    await lockProjectionExclusive(client, projection.name);
    // The rebuild stops at what was committed when it began; live consumers apply the rest once it is done.
    const end = await lastCommitted(client);
    let after = START_OF_LOG;
    let events = 0;
    let batches = 0;
    for (let first = true; ; first = false) {
      const handled = await inTransaction(client, async () => {
        // Read before writing: a transaction id of our own would hold back the snapshot guard's horizon.
        const read = await infra.store.readCommittedAfter(after, batchSize, client);
        const batch = read.filter((event) => end && compareCheckpoints(checkpointOf(event), end) <= 0);
        if (first) {
          await projection.reset(client);
          await client.query(`DELETE FROM projection_progress WHERE projection = $1`, [projection.name]);
          await resetCheckpoint(client, checkpointName);
        }
        if (batch.length === 0) return 0;
        await applyBatch(client, projection, batch);
        after = checkpointOf(batch[batch.length - 1]);
        await saveCheckpoint(client, checkpointName, after);
        return batch.length;
      });
      events += handled;
      batches += handled > 0 ? 1 : 0;
      options.onBatch?.(events);
      if (handled < batchSize) break;
    }
    await unlockProjectionExclusive(client, projection.name);
    healthy = true;
    return {
      projection: projection.name,
      events,
      batches,
      ms: performance.now() - started,
      checkpoint: after,
    };
  } finally {
    // A connection that failed mid-way is discarded, which also frees its session lock.
    client.release(!healthy);
  }
}

async function lastCommitted(client: SqlClient): Promise<CommitOrderCheckpoint | undefined> {
  const { rows } = await client.query<{ transaction_id: string; global_position: number }>(
    `SELECT transaction_id::text AS transaction_id, global_position FROM events
     WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
  );
  return rows[0] && { transactionId: rows[0].transaction_id, position: rows[0].global_position };
}

async function inTransaction<T>(client: pg.PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
