import type { Database, SqlClient, StoredEvent } from '#event-store';
import type { Projection } from '#projections';

/**
 * A test read model that shows a double effect: one row per event with the number of times it was applied.
 * Anything but 1 means an event was applied twice (or never).
 */
export class CountingProjection implements Projection {
  readonly name = 'counting';
  readonly handles = new Set(['UserCreated', 'UserUpdated', 'UserDeleted', 'TestHappened']);

  static async install(db: Database): Promise<void> {
    await db.query(`
      CREATE TABLE IF NOT EXISTS test_applications (
        event_id uuid PRIMARY KEY,
        stream_id text NOT NULL,
        stream_version integer NOT NULL,
        applied integer NOT NULL
      )`);
  }

  async apply(client: SqlClient, event: StoredEvent): Promise<void> {
    await client.query(
      `INSERT INTO test_applications (event_id, stream_id, stream_version, applied) VALUES ($1, $2, $3, 1)
       ON CONFLICT (event_id) DO UPDATE SET applied = test_applications.applied + 1`,
      [event.eventId, event.streamId, event.streamVersion],
    );
  }

  async reset(client: SqlClient): Promise<void> {
    await client.query(`TRUNCATE test_applications`);
  }
}

/** How many events the counting projection holds, and how many of them it applied more than once. */
export async function applicationCounts(db: Database): Promise<{ events: number; doubled: number }> {
  const { rows } = await db.query<{ events: number; doubled: number }>(
    `SELECT count(*)::int AS events, count(*) FILTER (WHERE applied > 1)::int AS doubled FROM test_applications`,
  );
  return rows[0];
}
