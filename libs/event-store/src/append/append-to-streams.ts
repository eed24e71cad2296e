import type { SqlClient } from '../sql/database.js';
import type { ExpectedVersion, NewEvent, StoredEvent } from '../event.js';
import { ConcurrentModificationError } from '../errors.js';

const UNIQUE_VIOLATION = '23505';

/** The events for one stream of a multi-stream append, with the version the stream must be at. */
export interface StreamAppend {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: readonly NewEvent[];
}

/** One stream's outcome: its stored events, or the conflict that kept all of them out. */
export type StreamAppendOutcome =
  { ok: true; stored: StoredEvent[] } | { ok: false; error: ConcurrentModificationError };

/**
 * A check made, and rows locked or written, in the very statement of a multi-stream append: one round trip
 * and one implicit transaction where a transaction of several statements would take one each.
 */
export interface AppendCondition {
  /** Names the statement, which is prepared once per connection. */
  name: string;
  /** A SELECT answering one row with a boolean `ok`; it may lock rows. The events go in only when ok. */
  guard: string;
  /**
   * CTEs after `appended` writing alongside: `appended` holds the events that went in (global_position,
   * stream_id, stream_version, transaction_id, event_type, data).
   */
  alongside?: string;
  /** The parameters of guard and alongside: $4 onwards. */
  params: readonly unknown[];
}

// appendEvents' statement for many streams at once: each stream's head is read as appendEvents reads it
// (its version, and whether its last event's transaction may precede this one in commit order), each
// stream's events go in at its next versions or not at all, in input order (positions follow versions).
// A stream whose check fails is left out without failing the others; a racing writer that inserted the
// same version first makes the whole statement fail on the (stream_id, stream_version) unique key.
// With a condition, nothing goes in unless its guard holds.
const appendToStreamsSql = (condition?: Omit<AppendCondition, 'params'>) => `
  WITH guard AS (${condition?.guard ?? 'SELECT true AS ok'}),
  streams AS (
    SELECT s.n, s.stream_id, s.expected,
           coalesce(last.stream_version, 0) AS version,
           coalesce(last.transaction_id <= pg_current_xact_id(), true) AS in_order
    FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS s(stream_id, expected, n)
    LEFT JOIN LATERAL (
      SELECT stream_version, transaction_id FROM events WHERE stream_id = s.stream_id
      ORDER BY stream_version DESC LIMIT 1
    ) last ON true
  ), input AS (
    SELECT e.*, row_number() OVER (PARTITION BY e.n ORDER BY e.ord) AS offset_in_stream
    FROM ROWS FROM (
           jsonb_to_recordset($3::jsonb) AS (n int, event_id uuid, event_type text, schema_version int,
                                             data jsonb, metadata jsonb, occurred_at timestamptz)
         ) WITH ORDINALITY AS e(n, event_id, event_type, schema_version, data, metadata, occurred_at, ord)
  ), appended AS (
    INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
    SELECT s.stream_id, s.version + i.offset_in_stream, i.event_id, i.event_type, i.schema_version, i.data,
           i.metadata, i.occurred_at
    FROM input i JOIN streams s ON s.n = i.n CROSS JOIN guard g
    WHERE g.ok AND s.in_order AND (s.expected IS NULL OR s.version = s.expected)
    ORDER BY i.ord
    RETURNING global_position, stream_id, stream_version, transaction_id::text AS transaction_id, event_type, data
  )${condition?.alongside ? `, ${condition.alongside}` : ''}
  SELECT a.global_position, a.stream_id, a.stream_version, a.transaction_id, g.ok AS guard_ok
  FROM guard g LEFT JOIN appended a ON true`;

const APPEND_TO_STREAMS_SQL = appendToStreamsSql();

interface AppendedRow {
  guard_ok: boolean;
  /** Null on the one row of a statement that appended nothing. */
  global_position: number;
  stream_id: string;
  stream_version: number;
  transaction_id: string;
}

/**
 * Appends to many streams in one statement (one round trip), each stream checked as `appendEvents` checks
 * one: all of its events at its next versions, or none of them and a `ConcurrentModificationError` as its
 * outcome, without failing the other streams. Run it inside a transaction when the streams must commit
 * together: on its own it commits the streams that passed. A racing writer that inserted one of the
 * versions first fails the whole statement with `ConcurrentModificationError` (in a transaction, which is
 * then aborted: the caller retries, e.g. each stream alone).
 */
export async function appendToStreams(
  client: SqlClient,
  appends: readonly StreamAppend[],
): Promise<StreamAppendOutcome[]> {
  return (await appendWhere(
    client,
    appends,
    { name: 'append-to-streams', text: APPEND_TO_STREAMS_SQL },
    [],
  ))!;
}

/**
 * `appendToStreams` in one statement with `condition`'s guard and writes: undefined, with nothing written,
 * when the guard does not hold. On its own (not in a transaction) the statement is its own transaction.
 */
export async function appendToStreamsIf(
  client: SqlClient,
  appends: readonly StreamAppend[],
  condition: AppendCondition,
): Promise<StreamAppendOutcome[] | undefined> {
  return appendWhere(client, appends, conditionalStatement(condition), condition.params);
}

const conditionalStatements = new Map<string, { guard: string; alongside?: string; text: string }>();

/** The statement of a condition, its text built once per name (a batch's hot path sends it each time). */
function conditionalStatement({ name, guard, alongside }: AppendCondition) {
  let built = conditionalStatements.get(name);
  if (!built || built.guard !== guard || built.alongside !== alongside) {
    built = { guard, alongside, text: appendToStreamsSql({ name, guard, alongside }) };
    conditionalStatements.set(name, built);
  }
  return { name: `append-to-streams-if-${name}`, text: built.text };
}

async function appendWhere(
  client: SqlClient,
  appends: readonly StreamAppend[],
  statement: { name: string; text: string },
  conditionParams: readonly unknown[],
): Promise<StreamAppendOutcome[] | undefined> {
  const streamIds = appends.map((a) => a.streamId);
  if (new Set(streamIds).size !== streamIds.length) {
    throw new Error('appendToStreams: each stream may appear once');
  }
  const events = appends.flatMap((a, i) => a.events.map((event) => ({ n: i + 1, event })));
  if (events.length === 0) return appends.map(() => ({ ok: true, stored: [] }));
  let rows: AppendedRow[];
  try {
    // A named statement is parsed and planned once per connection, as appendEvents' is.
    const result = await client.query<AppendedRow>(statement, [
      streamIds,
      appends.map((a) => expectedVersionOf(a.expectedVersion)),
      // The events as one JSON document: no per-element array escaping, one parse on the server.
      JSON.stringify(
        events.map(({ n, event }) => ({
          n,
          event_id: event.eventId,
          event_type: event.type,
          schema_version: event.schemaVersion,
          data: event.data,
          metadata: event.metadata,
          occurred_at: event.occurredAt.toISOString(),
        })),
      ),
      ...conditionParams,
    ]);
    rows = result.rows;
  } catch (error) {
    // Only the events' own key is a racing writer; a condition's rows (alongside) fail as they are.
    const streamId =
      (error as { code?: string }).code === UNIQUE_VIOLATION ? raced(error, streamIds) : undefined;
    if (streamId !== undefined) {
      throw new ConcurrentModificationError(
        streamId,
        appends.find((a) => a.streamId === streamId)?.expectedVersion ?? 'any',
      );
    }
    throw error;
  }
  if (!rows[0].guard_ok) return undefined;
  const byStream = new Map<string, AppendedRow[]>();
  for (const row of rows) {
    if (row.global_position === null) continue;
    const list = byStream.get(row.stream_id);
    if (list) list.push(row);
    else byStream.set(row.stream_id, [row]);
  }
  return appends.map((append) => {
    const stored = byStream.get(append.streamId) ?? [];
    if (stored.length !== append.events.length) {
      return { ok: false, error: new ConcurrentModificationError(append.streamId, append.expectedVersion) };
    }
    stored.sort((a, b) => a.stream_version - b.stream_version);
    return {
      ok: true,
      stored: append.events.map((event, index) => ({
        ...event,
        streamId: append.streamId,
        streamVersion: stored[index].stream_version,
        position: stored[index].global_position,
        transactionId: stored[index].transaction_id,
      })),
    };
  });
}

const expectedVersionOf = (expected: ExpectedVersion) =>
  expected === 'any' ? null : expected === 'none' ? 0 : expected;

/** The stream named in a unique violation's detail, `Key (stream_id, stream_version)=(<id>, <n>) ...`. */
function raced(error: unknown, streamIds: readonly string[]): string | undefined {
  const detail = (error as { detail?: string }).detail ?? '';
  if (!detail.startsWith('Key (stream_id, stream_version)=')) return undefined;
  return streamIds.find((id) => detail.includes(`=(${id}, `)) ?? streamIds[0];
}
