import type { Database, SqlClient, StoredEvent } from '#event-store';
import type { Projection } from './projection.js';
import { lockProjectionShared } from './projection-lock.js';

export interface ApplyOutcome {
  applied: number;
  duplicates: number;
}

/**
 * Applies a batch of events to one projection in one transaction, together with its per-stream progress
 * (the last stream version applied). Events at or below the recorded version are duplicates and skipped:
 * this is what makes redelivery by Kafka or a restarted follower harmless. Waits while the projection is being
 * rebuilt (see projection-lock.ts).
 */
export async function applyBatch(
  client: SqlClient,
  projection: Projection,
  events: readonly StoredEvent[],
): Promise<ApplyOutcome> {
  await lockProjectionShared(client, projection.name);
  const streams = [...new Set(events.map((e) => e.streamId))];
  // Insert-then-lock: a new stream gets a row first, so two consumers racing on it serialise on that row.
  await client.query(
    `INSERT INTO projection_progress (projection, stream_id, stream_version)
     SELECT $1, s, 0 FROM unnest($2::text[]) AS s ON CONFLICT DO NOTHING`,
    [projection.name, streams],
  );
  const { rows } = await client.query<{ stream_id: string; stream_version: number }>(
    `SELECT stream_id, stream_version FROM projection_progress
     WHERE projection = $1 AND stream_id = ANY($2::text[]) ORDER BY stream_id FOR UPDATE`,
    [projection.name, streams],
  );
  const progress = new Map(rows.map((r) => [r.stream_id, r.stream_version]));
  const fresh: StoredEvent[] = [];
  for (const event of events) {
    const seen = progress.get(event.streamId) ?? 0;
    if (event.streamVersion <= seen) continue;
    progress.set(event.streamId, event.streamVersion);
    fresh.push(event);
  }
  const relevant = fresh.filter((e) => projection.handles.has(e.type));
  if (projection.applyMany && relevant.length > 1) await projection.applyMany(client, relevant);
  else for (const event of relevant) await projection.apply(client, event);
  if (fresh.length > 0) {
    const advanced = [...new Set(fresh.map((e) => e.streamId))];
    await client.query(
      `UPDATE projection_progress p SET stream_version = v.version
       FROM unnest($2::text[], $3::int[]) AS v(stream_id, version)
       WHERE p.projection = $1 AND p.stream_id = v.stream_id`,
      [projection.name, advanced, advanced.map((s) => progress.get(s)!)],
    );
  }
  return { applied: fresh.length, duplicates: events.length - fresh.length };
}

/** Has this projection applied the event at (streamId, streamVersion)? Used by `Ledger-Min-Position`. */
export async function hasApplied(
  db: Database,
  projections: readonly string[],
  streamId: string,
  streamVersion: number,
): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM projection_progress
     WHERE projection = ANY($1::text[]) AND stream_id = $2 AND stream_version >= $3`,
    [projections, streamId, streamVersion],
  );
  return rows[0].n === projections.length;
}
