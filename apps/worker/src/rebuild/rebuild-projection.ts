import type pg from 'pg';
import {
  type CommitOrderCheckpoint,
  type Database,
  type EventStore,
  START_OF_LOG,
  type StoredEvent,
  checkpointOf,
  compareCheckpoints,
  readableTip,
  resetCheckpoint,
  saveCheckpoint,
} from '#event-store';
import {
  type Projection,
  applyReplayed,
  lockProjectionExclusive,
  projectionCheckpointName,
  recordReplayedProgress,
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
 * the last event committed when it began, one transaction per batch, the checkpoint saved with each batch and
 * the per-stream progress with the last one.
 *
 * Live consumers may keep running: the rebuild holds the projection's lock exclusively from start to end, so
 * their batches wait (a Kafka member keeps heartbeating meanwhile); afterwards they find per-stream progress
 * up to where the rebuild read and skip what it already applied. Readers of the read model see it fill up
 * batch by batch. Nobody else writes the projection meanwhile, so the replay skips the per-batch progress
 * bookkeeping of `applyBatch` and records the progress of every replayed stream at once in the last
 * transaction (the same rows, see `recordReplayedProgress`). A rebuild that dies halfway leaves the read model
 * at its last committed batch and the checkpoint with it, without per-stream progress: the in-process
 * transport continues from the checkpoint (it never redelivers what is before it; `Ledger-Min-Position`
 * waits for the replayed streams' next events); in Kafka mode, run the rebuild again. Either way, running
 * the rebuild again is the remedy, which is also why its transactions commit without waiting for the WAL
 * flush (`synchronous_commit = off`): a crash may lose the last batches, and the rebuild starts over anyway.
 *
 * The next batch is read on a second connection while the current one is applied.
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
  let reader: pg.PoolClient | undefined;
  let readerHealthy = true;
  let pending: Promise<StoredEvent[]> | undefined;
  try {
    // Both connections before the lock: live batches waiting for it hold connections of the same pool.
    reader = await infra.db.pool.connect();
    const readerClient = reader;
    await lockProjectionExclusive(client, projection.name);
    // The rebuild stops at what was committed when it began; live consumers apply the rest once it is done.
    // Every event up to there is committed already, so reading on the other connection, in its own
    // transaction, sees the same events the writing connection would.
    const end = await readableTip(client);
    const readAfter = (after: CommitOrderCheckpoint) => {
      const read = infra.store.readCommittedAfter(after, batchSize, readerClient).then(
        (events) => events.filter((event) => end && compareCheckpoints(checkpointOf(event), end) <= 0),
        (error: unknown) => {
          readerHealthy = false;
          throw error;
        },
      );
      // Awaited below or in `finally`; not an unhandled rejection if applying fails first.
      read.catch(() => undefined);
      return read;
    };
    let after = START_OF_LOG;
    let events = 0;
    let batches = 0;
    pending = end ? readAfter(START_OF_LOG) : Promise.resolve([]);
    for (let first = true; ; first = false) {
      const batch: StoredEvent[] = await pending!;
      const last: boolean = batch.length < batchSize;
      pending = last ? undefined : readAfter(checkpointOf(batch[batch.length - 1]));
      await inTransaction(client, async () => {
        await client.query('SET LOCAL synchronous_commit = off');
        if (first) {
          await projection.reset(client);
          await client.query(`DELETE FROM projection_progress WHERE projection = $1`, [projection.name]);
          await resetCheckpoint(client, checkpointName);
        }
        if (batch.length > 0) {
          await applyReplayed(client, projection, batch);
          after = checkpointOf(batch[batch.length - 1]);
          await saveCheckpoint(client, checkpointName, after);
        }
        if (last && events + batch.length > 0) await recordReplayedProgress(client, projection, after);
      });
      events += batch.length;
      batches += batch.length > 0 ? 1 : 0;
      options.onBatch?.(events);
      if (last) break;
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
    await pending?.catch(() => undefined);
    reader?.release(!readerHealthy);
    // A connection that failed mid-way is discarded, which also frees its session lock.
    client.release(!healthy);
  }
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
