import type { SqlClient } from '../sql/database.js';
import type { CommitOrderCheckpoint, StoredEvent } from '../event.js';
import type { UpcasterRegistry } from '../upcasting/upcasters.js';
import { EVENT_COLUMNS, EVENT_COLUMNS_IF_OF_TYPES, type EventRow, toStoredEvent } from './event-row.js';

// Commit order with the snapshot guard: only transactions below the oldest still-running one are visible
// as complete, so an event whose transaction commits late is read after, never skipped.
// Parameters: $1 transaction id, $2 position (the checkpoint read after), $3 limit. The hash chain reads
// the same rows with other columns (chain/chain-store.ts).
export const commitOrderSql = (columns: string) => `
  SELECT ${columns} FROM events e
  WHERE (e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)
    AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY e.transaction_id, e.global_position
  LIMIT $3`;

// The ORDER BY names the table's columns: the select list's `transaction_id::text AS transaction_id` would
// otherwise win and sort xids as text ('10' before '9'), which skips events and defeats the index.
// Named: every follower runs it after each commit, and parsing and planning it each time cost PostgreSQL
// more than running it (the generic plan is the same index scan).
const READ = { name: 'read-committed-after', text: commitOrderSql(EVENT_COLUMNS) };

// The last event a commit-order reader may read now (below the oldest running transaction): it only grows,
// and it grows whenever any process's append becomes readable, or a transaction that held readers back ends.
// ORDER BY names the table's columns (e.) as above: sorting every event as text would be a full scan instead
// of one step down the commit-order index, and would put '99999' after '100000'.
export const READABLE_TIP_SQL = `
  SELECT e.transaction_id::text AS transaction_id, e.global_position FROM events e
  WHERE e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY e.transaction_id DESC, e.global_position DESC
  LIMIT 1`;
// Named: the tip watch polls it every few milliseconds.
const READABLE_TIP = { name: 'readable-tip', text: READABLE_TIP_SQL };

/** Where a commit-order reader that read everything readable now would stand (undefined: nothing yet). */
export async function readableTip(client: SqlClient): Promise<CommitOrderCheckpoint | undefined> {
  const { rows } = await client.query<{ transaction_id: string; global_position: number }>(READABLE_TIP);
  return rows[0] && { transactionId: rows[0].transaction_id, position: rows[0].global_position };
}

export async function readCommittedAfter(
  client: SqlClient,
  after: CommitOrderCheckpoint,
  limit: number,
  upcasters: UpcasterRegistry,
): Promise<StoredEvent[]> {
  const { rows } = await client.query<EventRow>(READ, [after.transactionId, after.position, limit]);
  return rows.map((row) => toStoredEvent(row, upcasters));
}

// READ for a reader of some types only: every row in order, but the columns of the other types' rows are null
// (their data above all: turning jsonb into text and parsing it again cost both processes the most). $4 types.
const READ_OF_TYPES = {
  name: 'read-committed-of-types-after',
  text: commitOrderSql(EVENT_COLUMNS_IF_OF_TYPES('$4')),
};

/** What a commit-order read of some types found: their events, and how far it read past the others. */
export interface TypedReadBatch {
  events: StoredEvent[];
  /** Rows read, of every type: a full batch (`limit`) suggests more are waiting. */
  count: number;
  /** Where the read ended (its last row, of whatever type); undefined when it read nothing. */
  last?: CommitOrderCheckpoint;
}

/**
 * `readCommittedAfter` for a reader that handles `types` only: the events of the others are stepped over in
 * the same rows, so the reader still moves past them in commit order, without their content being sent.
 */
export async function readCommittedOfTypesAfter(
  client: SqlClient,
  after: CommitOrderCheckpoint,
  limit: number,
  types: ReadonlySet<string>,
  upcasters: UpcasterRegistry,
): Promise<TypedReadBatch> {
  const { rows } = await client.query<Omit<EventRow, 'event_id'> & { event_id: string | null }>(
    READ_OF_TYPES,
    [after.transactionId, after.position, limit, [...types]],
  );
  const last = rows.at(-1);
  return {
    // A row with an event id is a whole event of the types asked for.
    events: rows.flatMap((row) => (row.event_id === null ? [] : [toStoredEvent(row as EventRow, upcasters)])),
    count: rows.length,
    last: last && { transactionId: last.transaction_id, position: last.global_position },
  };
}

export function checkpointOf(event: StoredEvent): CommitOrderCheckpoint {
  return { transactionId: event.transactionId, position: event.position };
}

/** Commit-order comparison of two checkpoints (transaction ids are xid8: compare as big integers). */
export function compareCheckpoints(a: CommitOrderCheckpoint, b: CommitOrderCheckpoint): number {
  const ta = BigInt(a.transactionId);
  const tb = BigInt(b.transactionId);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.position - b.position;
}
