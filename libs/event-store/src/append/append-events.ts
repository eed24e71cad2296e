import type { SqlClient } from '../sql/database.js';
import type { ExpectedVersion, NewEvent, StoredEvent } from '../event.js';
import { ConcurrentModificationError } from '../errors.js';

const UNIQUE_VIOLATION = '23505';

// One statement: reads the stream's version and inserts the events at the next versions. Two racing
// writers cannot both pass: the loser hits the (stream_id, stream_version) unique key.
// Readers order by (transaction id, position). A transaction whose id is older than the one that wrote the
// stream's last event would sort its newer version first, so it is refused (the retry gets a newer id):
// within a stream, commit-order reading then always equals version order.
const APPEND_SQL = `
  WITH last AS (
    SELECT stream_version, transaction_id FROM events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1
  ), current AS (
    SELECT coalesce((SELECT stream_version FROM last), 0) AS version,
           coalesce((SELECT transaction_id FROM last) <= pg_current_xact_id(), true) AS in_order
  )
  INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
  SELECT $1, current.version + e.ord, e.event_id, e.event_type, e.schema_version, e.data, e.metadata, e.occurred_at
  FROM current,
       unnest($2::uuid[], $3::text[], $4::int[], $5::jsonb[], $6::jsonb[], $7::timestamptz[])
         WITH ORDINALITY AS e(event_id, event_type, schema_version, data, metadata, occurred_at, ord)
  WHERE current.in_order AND ($8::int IS NULL OR current.version = $8)
  RETURNING global_position, stream_version, transaction_id::text AS transaction_id`;

interface AppendedRow {
  global_position: number;
  stream_version: number;
  transaction_id: string;
}

export async function appendEvents(
  client: SqlClient,
  streamId: string,
  expectedVersion: ExpectedVersion,
  events: readonly NewEvent[],
): Promise<StoredEvent[]> {
  if (events.length === 0) return [];
  const expected = expectedVersion === 'any' ? null : expectedVersion === 'none' ? 0 : expectedVersion;
  let rows: AppendedRow[];
  try {
    // A named statement is parsed and planned once per connection: appends are the write hot path.
    const result = await client.query<AppendedRow>({ name: 'append-events', text: APPEND_SQL }, [
      streamId,
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => e.schemaVersion),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) => JSON.stringify(e.metadata)),
      events.map((e) => e.occurredAt.toISOString()),
      expected,
    ]);
    rows = result.rows;
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
      throw new ConcurrentModificationError(streamId, expectedVersion);
    }
    throw error;
  }
  if (rows.length !== events.length) throw new ConcurrentModificationError(streamId, expectedVersion);
  rows.sort((a, b) => a.stream_version - b.stream_version);
  return events.map((event, index) => ({
    ...event,
    streamId,
    streamVersion: rows[index].stream_version,
    position: rows[index].global_position,
    transactionId: rows[index].transaction_id,
  }));
}
