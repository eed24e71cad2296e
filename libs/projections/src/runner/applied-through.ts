import type { Database } from '#event-store';
import { type Projection, handledTypePairs } from './projection.js';

/** How far back a consistency check looks; a projection further behind than this is reported as lag anyway. */
export const CONSISTENCY_WINDOW = 10_000;

/**
 * Have these projections applied every committed event up to `position` of a type they handle? Over Kafka,
 * streams arrive on different partitions, so the event at `position` being applied says nothing about an
 * earlier write to another stream: this checks each stream written in the window below `position` against the
 * projection's per-stream progress, which covers the events of the types it handles (see `applyBatch`).
 * Events still uncommitted are invisible here, as they are to every reader.
 */
export async function hasAppliedThrough(
  db: Database,
  projections: readonly Pick<Projection, 'name' | 'handles'>[],
  position: number,
): Promise<boolean> {
  const handled = handledTypePairs(projections);
  const { rows } = await db.query<{ behind: number }>(
    `SELECT count(*)::int AS behind
     FROM (SELECT handled.projection, e.stream_id, max(e.stream_version) AS version
           FROM events e
           JOIN unnest($1::text[], $2::text[]) AS handled(projection, event_type) ON handled.event_type = e.event_type
           WHERE e.global_position > $3::bigint - ${CONSISTENCY_WINDOW} AND e.global_position <= $3::bigint
           GROUP BY handled.projection, e.stream_id) written
     LEFT JOIN projection_progress progress
       ON progress.projection = written.projection AND progress.stream_id = written.stream_id
     WHERE coalesce(progress.stream_version, 0) < written.version`,
    [handled.projections, handled.types, position],
  );
  return rows[0].behind === 0;
}
