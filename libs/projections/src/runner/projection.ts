import type { SqlClient, StoredEvent } from '#event-store';

/**
 * A read model fed by events. `apply` runs inside the transaction that also records the projection's
 * progress, so a redelivered event is recognised and changes nothing.
 */
export interface Projection {
  readonly name: string;
  /** Event types this projection reacts to; its per-stream progress covers these only (see applyBatch). */
  readonly handles: ReadonlySet<string>;
  apply(client: SqlClient, event: StoredEvent): Promise<void>;
  /** Applies a run of events at once (rebuilds); must equal applying them one by one. */
  applyMany?(client: SqlClient, events: readonly StoredEvent[]): Promise<void>;
  /** Empties the read model before a rebuild. */
  reset(client: SqlClient): Promise<void>;
}

/**
 * Every (projection, event type it handles) pair as two parallel arrays, for SQL that joins events with the
 * projections that read them (`unnest($a::text[], $b::text[]) AS h(projection, event_type)`).
 */
export function handledTypePairs(projections: readonly Pick<Projection, 'name' | 'handles'>[]): {
  projections: string[];
  types: string[];
} {
  const pairs = { projections: [] as string[], types: [] as string[] };
  for (const projection of projections) {
    for (const type of projection.handles) {
      pairs.projections.push(projection.name);
      pairs.types.push(type);
    }
  }
  return pairs;
}
