import type { SqlClient } from '#event-store';

// One advisory lock per projection, keyed by its name.
const KEY = `hashtextextended('access-ledger:projection:' || $1::text, 0)`;

/**
 * Live batches hold a projection's lock shared for their transaction; a rebuild holds it exclusively for its
 * whole run. Without it, a live batch applied between two rebuild transactions would record progress for a
 * stream whose earlier events the rebuild has not replayed yet, and the rebuild would then skip them as seen.
 */
export async function lockProjectionShared(client: SqlClient, projection: string): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock_shared(${KEY})`, [projection]);
}

/** Session-level: held across the rebuild's transactions until `unlockProjectionExclusive` or disconnect. */
export async function lockProjectionExclusive(client: SqlClient, projection: string): Promise<void> {
  await client.query(`SELECT pg_advisory_lock(${KEY})`, [projection]);
}

export async function unlockProjectionExclusive(client: SqlClient, projection: string): Promise<void> {
  await client.query(`SELECT pg_advisory_unlock(${KEY})`, [projection]);
}
