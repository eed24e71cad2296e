import { entityAlreadyExists } from '#common';
import type { SqlClient } from '#event-store';

export type NameKind = 'User' | 'Group' | 'Role' | 'Policy';

const UNIQUE_VIOLATION = '23505';

/**
 * Names are unique per kind, case-insensitively. The reservation row is written in the transaction that
 * appends the creation event, so two racing creates cannot both commit: the second waits on the first's
 * uncommitted row, then fails on the unique key.
 */
export async function reserveName(
  client: SqlClient,
  kind: NameKind,
  name: string,
  ownerId: string,
): Promise<void> {
  try {
    await client.query(
      `INSERT INTO name_reservations (kind, name_key, owner_id) VALUES ($1, lower($2), $3)`,
      [kind, name, ownerId],
    );
  } catch (error) {
    if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw entityAlreadyExists(kind, name);
    throw error;
  }
}

export async function releaseName(client: SqlClient, kind: NameKind, name: string): Promise<void> {
  await client.query(`DELETE FROM name_reservations WHERE kind = $1 AND name_key = lower($2)`, [kind, name]);
}

/**
 * The owner of a name, read under a row lock so the caller's decision holds until it commits. Deletes take
 * it FOR UPDATE; commands that only need the owner to stay (join, attach) take it FOR SHARE, so they do not
 * queue behind each other but a delete waits for them (and they for it).
 */
export async function lockName(
  client: SqlClient,
  kind: NameKind,
  name: string,
  mode: 'UPDATE' | 'SHARE' = 'UPDATE',
): Promise<string | undefined> {
  const { rows } = await client.query<{ owner_id: string }>(
    `SELECT owner_id FROM name_reservations WHERE kind = $1 AND name_key = lower($2) FOR ${mode}`,
    [kind, name],
  );
  return rows[0]?.owner_id;
}
