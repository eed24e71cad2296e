import { entityNotExist } from '#common';
import type { SqlClient } from '#event-store';
import type { NameKind } from '../names/name-reservations.js';

/**
 * A principal's id for a read. The name reservation is the authority on which principal a name means now
 * (a deleted and re-created name is another principal), and it is written with the creation itself.
 */
export async function principalIdByName(db: SqlClient, kind: NameKind, name: string): Promise<string> {
  const { rows } = await db.query<{ owner_id: string }>(
    `SELECT owner_id FROM name_reservations WHERE kind = $1 AND name_key = lower($2)`,
    [kind, name],
  );
  if (!rows[0]) throw entityNotExist(kind, name.slice(0, 64));
  return rows[0].owner_id;
}
