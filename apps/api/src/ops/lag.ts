import { type Database, loadCheckpoint } from '#event-store';

const WINDOW = 10_000;

/** Events after the relay's checkpoint, counted up to a cap so a scrape stays cheap. */
export async function relayLag(db: Database, checkpointName: string): Promise<number> {
  const checkpoint = await loadCheckpoint(db, checkpointName);
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) LIMIT ${WINDOW}) lag`,
    [checkpoint.transactionId, checkpoint.position],
  );
  return rows[0].n;
}

/** Of the last 10,000 events, how many a projection has not applied; the same measure on both transports. */
export async function projectionLag(db: Database, projection: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n
     FROM (SELECT stream_id, max(stream_version) AS v FROM events
           WHERE global_position > (SELECT coalesce(max(global_position), 0) - ${WINDOW} FROM events)
           GROUP BY stream_id) recent
     LEFT JOIN projection_progress p ON p.projection = $1 AND p.stream_id = recent.stream_id
     WHERE coalesce(p.stream_version, 0) < recent.v`,
    [projection],
  );
  return rows[0].n;
}
