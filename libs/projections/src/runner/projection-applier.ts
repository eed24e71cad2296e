import type { CommitOrderCheckpoint, SqlClient, StoredEvent } from '#event-store';
import type { Projection } from './projection.js';
import { lockProjectionsShared } from './projection-lock.js';

export interface ApplyOutcome {
  applied: number;
  duplicates: number;
}

/**
 * Applies a batch of events to one projection in one transaction, together with its per-stream progress
 * (the last version applied of each stream it has an event of a type it handles in). Events at or below the
 * recorded version are duplicates and skipped: this is what makes redelivery by Kafka or a restarted follower
 * harmless. Events of other types leave no trace: they change nothing, so a redelivered one is as harmless as
 * the first (and the role sessions' and other streams this projection never reads cost it no progress rows).
 * Waits while the projection is being rebuilt (see projection-lock.ts).
 */
export async function applyBatch(
  client: SqlClient,
  projection: Projection,
  events: readonly StoredEvent[],
): Promise<ApplyOutcome> {
  const outcomes = await applyToProjections(client, new Map([[projection, events]]));
  return outcomes.get(projection) ?? { applied: 0, duplicates: 0 };
}

/**
 * `applyBatch` for several projections in one transaction (the transports' batches), each with its own
 * events. Every lock is taken before the first write: a transaction that waits for one projection's rebuild
 * after writing another's would hold a transaction id all the while, and every commit-order reader of the
 * server (relay, followers, chainer, another rebuild's end) would wait behind it.
 */
export function applyToProjections(
  client: SqlClient,
  batches: ReadonlyMap<Projection, readonly StoredEvent[]>,
): Promise<Map<Projection, ApplyOutcome>> {
  return applyHandled(client, eventsHandled(batches));
}

/** Each projection's events of the types it handles; projections left with none are left out. */
export function eventsHandled(
  batches: ReadonlyMap<Projection, readonly StoredEvent[]>,
): Map<Projection, StoredEvent[]> {
  const handled = new Map<Projection, StoredEvent[]>();
  for (const [projection, events] of batches) {
    const own = events.filter((e) => projection.handles.has(e.type));
    if (own.length > 0) handled.set(projection, own);
  }
  return handled;
}

/** `applyToProjections` for events already narrowed by `eventsHandled`. */
export async function applyHandled(
  client: SqlClient,
  handled: ReadonlyMap<Projection, readonly StoredEvent[]>,
): Promise<Map<Projection, ApplyOutcome>> {
  await lockProjectionsShared(
    client,
    [...handled.keys()].map((p) => p.name),
  );
  const outcomes = new Map<Projection, ApplyOutcome>();
  for (const [projection, events] of handled)
    outcomes.set(projection, await applyLocked(client, projection, events));
  return outcomes;
}

async function applyLocked(
  client: SqlClient,
  projection: Projection,
  relevant: readonly StoredEvent[],
): Promise<ApplyOutcome> {
  const { progress, created } = await lockProgress(client, projection.name, relevant);
  const fresh: StoredEvent[] = [];
  for (const event of relevant) {
    const seen = progress.get(event.streamId) ?? 0;
    if (event.streamVersion <= seen) continue;
    progress.set(event.streamId, event.streamVersion);
    fresh.push(event);
  }
  if (projection.applyMany && fresh.length > 1) await projection.applyMany(client, fresh);
  else for (const event of fresh) await projection.apply(client, event);
  const advanced = [...new Set(fresh.map((e) => e.streamId))].filter((s) => !created.has(s));
  if (advanced.length > 0) {
    await client.query(
      `UPDATE projection_progress p SET stream_version = v.version
       FROM unnest($2::text[], $3::int[]) AS v(stream_id, version)
       WHERE p.projection = $1 AND p.stream_id = v.stream_id`,
      [projection.name, advanced, advanced.map((s) => progress.get(s)!)],
    );
  }
  return { applied: fresh.length, duplicates: relevant.length - fresh.length };
}

/**
 * Applies a batch of a rebuild's replay: like `applyBatch`, but without per-stream progress, which the rebuild
 * records once at its end (`recordReplayedProgress`). Only for a rebuild holding the projection's lock
 * exclusively since it emptied the read model and its progress, replaying the log in commit order: nobody else
 * writes this projection meanwhile, and every event is fresh (within a stream, commit order is version order,
 * see append-events.ts, so a replay from empty progress meets each stream's versions in increasing order, once).
 */
export async function applyReplayed(
  client: SqlClient,
  projection: Projection,
  events: readonly StoredEvent[],
): Promise<void> {
  const relevant = events.filter((e) => projection.handles.has(e.type));
  if (projection.applyMany && relevant.length > 1) await projection.applyMany(client, relevant);
  else for (const event of relevant) await projection.apply(client, event);
}

/**
 * Records, after a rebuild's replay, the per-stream progress `applyBatch` would have recorded batch by batch:
 * every stream with an event of a type the projection handles at or before `through` in commit order, at its
 * highest such version. Commit order, not global position: a transaction may commit (and be replayed) after
 * events with higher positions. The projection's progress must be empty (the rebuild reset it). Inserted in
 * key order: appending to the primary key's index is cheaper than inserting all over it.
 */
export async function recordReplayedProgress(
  client: SqlClient,
  projection: Projection,
  through: CommitOrderCheckpoint,
): Promise<void> {
  await client.query(
    `INSERT INTO projection_progress (projection, stream_id, stream_version)
     SELECT $1, stream_id, max(stream_version) FROM events
     WHERE (transaction_id, global_position) <= ($2::xid8, $3::bigint) AND event_type = ANY($4::text[])
     GROUP BY stream_id ORDER BY stream_id`,
    [projection.name, through.transactionId, through.position, [...projection.handles]],
  );
}

/**
 * Locks the batch's streams' progress rows for this transaction and returns the versions already applied.
 * Insert-then-lock: a stream without a row gets one at once, so two consumers racing on it serialise on that
 * row (the second waits, then finds it taken and reads it under lock). A new row is written at the batch's
 * highest version of its stream at once (nothing of the stream was applied before, so all its events here are
 * fresh) and needs no update afterwards: one statement instead of three for new streams, which a rebuild
 * meets for every stream.
 */
async function lockProgress(
  client: SqlClient,
  projection: string,
  events: readonly StoredEvent[],
): Promise<{ progress: Map<string, number>; created: Set<string> }> {
  const highest = new Map<string, number>();
  for (const e of events) highest.set(e.streamId, Math.max(highest.get(e.streamId) ?? 0, e.streamVersion));
  const streams = [...highest.keys()].sort();
  const { rows: inserted } = await client.query<{ stream_id: string }>(
    `INSERT INTO projection_progress (projection, stream_id, stream_version)
     SELECT $1, s.stream_id, s.version FROM unnest($2::text[], $3::int[]) AS s(stream_id, version)
     ON CONFLICT DO NOTHING RETURNING stream_id`,
    [projection, streams, streams.map((s) => highest.get(s)!)],
  );
  const created = new Set(inserted.map((r) => r.stream_id));
  const existing = streams.filter((s) => !created.has(s));
  const progress = new Map<string, number>();
  if (existing.length > 0) {
    const { rows } = await client.query<{ stream_id: string; stream_version: number }>(
      `SELECT stream_id, stream_version FROM projection_progress
       WHERE projection = $1 AND stream_id = ANY($2::text[]) ORDER BY stream_id FOR UPDATE`,
      [projection, existing],
    );
    for (const row of rows) progress.set(row.stream_id, row.stream_version);
  }
  return { progress, created };
}
