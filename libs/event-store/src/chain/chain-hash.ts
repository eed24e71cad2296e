import { createHash } from 'node:crypto';

/** The chain's first link points at 32 zero bytes. */
export const GENESIS_HASH = Buffer.alloc(32);

/**
 * An event row exactly as stored. `data` and `metadata` are jsonb's own text form (keys in a fixed order,
 * fixed spacing) and the time is whole microseconds since the epoch, so the canonical form does not depend
 * on the JSON parser, the session's time zone or JavaScript's millisecond dates.
 */
export interface ChainableRow {
  event_id: string;
  stream_id: string;
  stream_version: number;
  global_position: number;
  transaction_id: string;
  event_type: string;
  schema_version: number;
  data_text: string;
  metadata_text: string;
  occurred_us: string;
}

/** The columns of `events` (alias `e`) that a link covers, selected as a `ChainableRow`. */
export const CHAINABLE_COLUMNS = `e.event_id, e.stream_id, e.stream_version, e.global_position,
  e.transaction_id::text AS transaction_id, e.event_type, e.schema_version, e.data::text AS data_text,
  e.metadata::text AS metadata_text, (extract(epoch FROM e.occurred_at) * 1000000)::bigint::text AS occurred_us`;

/** One line per field, in a fixed order: every stored column of the event except its insert time. */
export function canonicalEvent(row: ChainableRow): string {
  return JSON.stringify([
    row.event_id,
    row.stream_id,
    row.stream_version,
    row.global_position,
    row.transaction_id,
    row.event_type,
    row.schema_version,
    row.data_text,
    row.metadata_text,
    row.occurred_us,
  ]);
}

/** hash = SHA-256(prev_hash || canonical(event)). */
export function linkHash(prevHash: Buffer, row: ChainableRow): Buffer {
  return createHash('sha256').update(prevHash).update(canonicalEvent(row), 'utf8').digest();
}
