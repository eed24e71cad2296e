import type { Database } from '#event-store';

/** How far back a consistency check looks; a projection further behind than this is reported as lag anyway. */
export const CONSISTENCY_WINDOW = 10_000;

/**
 * Have these projections applied every committed event up to `position`? Over Kafka, streams arrive on
 * different partitions, so the event at `position` being applied says nothing about an earlier write to
 * another stream: this checks each stream written in the window below `position` against the projection's
 * per-stream progress. Events still uncommitted are invisible here, as they are to every reader.
 */
export async function hasAppliedThrough(
  db: Database,
  projections: readonly string[],
  position: number,
): Promise<boolean> {
  const { rows } = await db.query<{ behind: number }>(
    `SELECT count(*)::int AS behind
     FROM (SELECT stream_id, max(stream_version) AS version FROM events
           WHERE global_position > $2::bigint - ${CONSISTENCY_WINDOW} AND global_position <= $2::bigint
           GROUP BY stream_id) written
     CROSS JOIN unnest($1::text[]) AS p(projection)
     LEFT JOIN projection_progress progress
       ON progress.projection = p.projection AND progress.stream_id = written.stream_id
     WHERE coalesce(progress.stream_version, 0) < written.version`,
    [projections, position],
  );
  return rows[0].behind === 0;
}
