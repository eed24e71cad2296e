import type { StoredEvent } from '../event.js';
import type { UpcasterRegistry } from '../upcasting/upcasters.js';

// An event's place in commit order, and the rest of it.
const PLACE_COLUMNS = 'global_position, transaction_id::text AS transaction_id, event_type';
const CONTENT_COLUMNS = [
  'stream_id',
  'stream_version',
  'event_id',
  'schema_version',
  'data',
  'metadata',
  'occurred_at',
];

export const EVENT_COLUMNS = `${PLACE_COLUMNS}, ${CONTENT_COLUMNS.join(', ')}`;

/**
 * EVENT_COLUMNS where only the rows of the types in the text[] parameter `types` carry more than their place
 * in commit order: the others' content columns are null, event_id included.
 */
export const EVENT_COLUMNS_IF_OF_TYPES = (types: string) =>
  `${PLACE_COLUMNS}, ${CONTENT_COLUMNS.map((column) => `CASE WHEN event_type = ANY(${types}::text[]) THEN ${column} END AS ${column}`).join(', ')}`;

export interface EventRow {
  global_position: number;
  transaction_id: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: StoredEvent['metadata'];
  occurred_at: Date;
}

export function toStoredEvent(row: EventRow, upcasters: UpcasterRegistry): StoredEvent {
  const { schemaVersion, data } = upcasters.apply(row.event_type, row.schema_version, row.data);
  return {
    eventId: row.event_id,
    type: row.event_type,
    schemaVersion,
    data,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    position: row.global_position,
    transactionId: row.transaction_id,
  };
}
