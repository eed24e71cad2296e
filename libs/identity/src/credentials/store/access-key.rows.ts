import type { SqlClient } from '#event-store';
import type { AccessKeyStatus } from '../domain/credential.events.js';

export interface AccessKeyRow {
  access_key_id: string;
  user_id: string;
  user_name: string;
  secret_hash: Buffer;
  status: AccessKeyStatus;
  create_date: Date;
  last_used_date: Date | null;
}

/**
 * `access_key_index`: AccessKey id → user, secret digest and status. Written with the user stream's events,
 * read by authentication (strongly consistent: a deleted or deactivated key stops working at once).
 */
export const accessKeyRows = {
  async insert(
    client: SqlClient,
    row: { accessKeyId: string; userId: string; userName: string; secretHash: Buffer; createDate: Date },
  ): Promise<void> {
    await client.query(
      `INSERT INTO access_key_index (access_key_id, user_id, user_name, secret_hash, status, create_date)
       VALUES ($1, $2, $3, $4, 'Active', $5)`,
      [row.accessKeyId, row.userId, row.userName, row.secretHash, row.createDate],
    );
  },

  async setStatus(client: SqlClient, accessKeyId: string, status: AccessKeyStatus): Promise<void> {
    await client.query(`UPDATE access_key_index SET status = $2 WHERE access_key_id = $1`, [
      accessKeyId,
      status,
    ]);
  },

  async delete(client: SqlClient, accessKeyId: string): Promise<void> {
    await client.query(`DELETE FROM access_key_index WHERE access_key_id = $1`, [accessKeyId]);
  },

  async ofUser(client: SqlClient, userId: string): Promise<AccessKeyRow[]> {
    const { rows } = await client.query<AccessKeyRow>(
      `SELECT * FROM access_key_index WHERE user_id = $1 ORDER BY create_date, access_key_id`,
      [userId],
    );
    return rows;
  },

  /** The key and its owner, if the owner still holds the user name it was issued under. */
  async find(client: SqlClient, accessKeyId: string): Promise<AccessKeyRow | undefined> {
    return (await accessKeyRows.findMany(client, [accessKeyId])).get(accessKeyId);
  },

  /** `find` for several keys in one statement (concurrent authentications read together). */
  async findMany(client: SqlClient, accessKeyIds: readonly string[]): Promise<Map<string, AccessKeyRow>> {
    const { rows } = await client.query<AccessKeyRow>(
      {
        name: 'access-keys-find',
        text: `SELECT k.* FROM access_key_index k
               JOIN name_reservations n
                 ON n.kind = 'User' AND n.name_key = lower(k.user_name) AND n.owner_id = k.user_id
               WHERE k.access_key_id = ANY($1::text[])`,
      },
      [[...new Set(accessKeyIds)]],
    );
    return new Map(rows.map((row) => [row.access_key_id, row]));
  },

  /** Keeps `lastUsedDate` current at most once a minute per key, whichever process records the use. */
  async touch(client: SqlClient, accessKeyId: string, now: Date): Promise<void> {
    await client.query(
      `UPDATE access_key_index SET last_used_date = $2
       WHERE access_key_id = $1 AND (last_used_date IS NULL OR last_used_date < $2::timestamptz - interval '1 minute')`,
      [accessKeyId, now],
    );
  },
};

/** For the user delete: whether the user still has AccessKeys (409 `DeleteConflict.User.AccessKey`). */
export async function userHasAccessKeys(client: SqlClient, userId: string): Promise<boolean> {
  const { rows } = await client.query(`SELECT 1 FROM access_key_index WHERE user_id = $1 LIMIT 1`, [userId]);
  return rows.length > 0;
}
