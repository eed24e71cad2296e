import type { SqlClient } from '#event-store';

// One advisory lock per projection, keyed by its name.
const keyOf = (name: string) => `hashtextextended('access-ledger:projection:' || ${name}, 0)`;
const KEY = keyOf('$1::text');

/**
 * Live batches hold the locks of the projections they write shared for their transaction (all of them in one
 * statement, before their first write: see applyToProjections); a rebuild holds it exclusively for its
 * whole run. Without it, a live batch applied between two rebuild transactions would record progress for a
 * stream whose earlier events the rebuild has not replayed yet, and the rebuild would then skip them as seen.
 */
export async function lockProjectionsShared(
  client: SqlClient,
  projections: readonly string[],
): Promise<void> {
  if (projections.length === 0) return;
  await client.query(
    `SELECT pg_advisory_xact_lock_shared(${keyOf('name')}) FROM unnest($1::text[]) AS name`,
    [projections],
  );
}

/** Session-level: held across the rebuild's transactions until `unlockProjectionExclusive` or disconnect. */
export async function lockProjectionExclusive(client: SqlClient, projection: string): Promise<void> {
  await client.query(`SELECT pg_advisory_lock(${KEY})`, [projection]);
}

export async function unlockProjectionExclusive(client: SqlClient, projection: string): Promise<void> {
  await client.query(`SELECT pg_advisory_unlock(${KEY})`, [projection]);
}
