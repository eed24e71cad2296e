import pg from 'pg';

/**
 * What an attacker with superuser access can do to the stored history: disable the append-only triggers,
 * change rows, re-enable them. For tests proving that the hash chain and signed checkpoints reveal it.
 */
export async function tamperAsSuperuser(url: string, sql: string, params: unknown[] = []): Promise<number> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('ALTER TABLE events DISABLE TRIGGER USER');
    await client.query('ALTER TABLE event_chain DISABLE TRIGGER USER');
    const { rowCount } = await client.query(sql, params);
    await client.query('ALTER TABLE events ENABLE TRIGGER USER');
    await client.query('ALTER TABLE event_chain ENABLE TRIGGER USER');
    await client.query('COMMIT');
    return rowCount ?? 0;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    await client.end();
  }
}

/** Rewrites an event's data in place. */
export const editEventData = (url: string, position: number, data: unknown) =>
  tamperAsSuperuser(url, `UPDATE events SET data = $2::jsonb WHERE global_position = $1`, [
    position,
    JSON.stringify(data),
  ]);

export const deleteEvent = (url: string, position: number) =>
  tamperAsSuperuser(url, `DELETE FROM events WHERE global_position = $1`, [position]);

/** Cuts the last `count` events in commit order together with their links: the remaining chain is whole. */
export const truncateTail = (url: string, count: number) =>
  tamperAsSuperuser(
    url,
    `WITH tail AS (
       SELECT global_position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT $1
     ), links AS (DELETE FROM event_chain WHERE global_position IN (SELECT global_position FROM tail))
     DELETE FROM events WHERE global_position IN (SELECT global_position FROM tail)`,
    [count],
  );

/**
 * Rewrites an event and drops the links from it on, so the chainer links the rewritten history afresh: the
 * chain then verifies, and only a checkpoint exported before reveals the rewrite.
 */
export const rewriteHistory = (url: string, position: number, data: unknown) =>
  tamperAsSuperuser(
    url,
    `WITH edited AS (UPDATE events SET data = $2::jsonb WHERE global_position = $1)
     DELETE FROM event_chain WHERE seq >= (SELECT seq FROM event_chain WHERE global_position = $1)`,
    [position, JSON.stringify(data)],
  );
