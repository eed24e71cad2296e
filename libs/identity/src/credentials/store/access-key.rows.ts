import type { SqlClient } from '#event-store';
import type { AccessKeyStatus } from '../domain/credential.events.js';

// A key counts only while its user still holds the name it was issued under (a reused name is another user).
const USER_HOLDS_NAME = `JOIN name_reservations n
  ON n.kind = 'User' AND n.name_key = lower(k.user_name) AND n.owner_id = k.user_id`;

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
        text: `SELECT k.* FROM access_key_index k ${USER_HOLDS_NAME} WHERE k.access_key_id = ANY($1::text[])`,
      },
      [[...new Set(accessKeyIds)]],
    );
    return new Map(rows.map((row) => [row.access_key_id, row]));
  },

  /**
   * Which of the keys taken from memory (`AccessKeyProof`) still hold as they were taken, by `proofKey`: in
   * one statement, for a write that confirms its callers' keys itself (AssumeRole's transaction path).
   */
  async confirmed(client: SqlClient, proofs: readonly AccessKeyProof[]): Promise<Set<string>> {
    if (proofs.length === 0) return new Set();
    const { rows } = await client.query<{ access_key_id: string; user_id: string; user_name: string }>(
      { name: 'access-keys-confirm', text: confirmedAccessKeysSql(1) },
      proofParams(proofs),
    );
    return new Set(
      rows.map((row) =>
        proofKey({ accessKeyId: row.access_key_id, userId: row.user_id, userName: row.user_name }),
      ),
    );
  },

  /**
   * Keeps `lastUsedDate` current at most once a minute per key, whichever process records the use; not for
   * a key deactivated meanwhile (a use `verifyForWrite` accepted from memory is then refused by the write).
   */
  async touch(client: SqlClient, accessKeyId: string, now: Date): Promise<void> {
    await client.query(
      `UPDATE access_key_index SET last_used_date = $2
       WHERE access_key_id = $1 AND status = 'Active' AND (last_used_date IS NULL OR last_used_date < $2::timestamptz - interval '1 minute')`,
      [accessKeyId, now],
    );
  },
};

/**
 * A key authenticated from this process's memory rather than read for the request: the write the request
 * makes confirms it in its own statement (`confirmedAccessKeysSql`), so a key deactivated or deleted before
 * that statement is refused there, as a fresh read would have refused it.
 */
export interface AccessKeyProof {
  accessKeyId: string;
  userId: string;
  userName: string;
}

/**
 * The keys of `proofs` (parameters $from..$from+2: ids, user ids, user names) that are still active, owned by
 * the same user under the same name, and that user still holds the name (as `findMany` reads a key).
 */
export const confirmedAccessKeysSql = (from: number) => `
  SELECT c.access_key_id, c.user_id, c.user_name
  FROM unnest($${from}::text[], $${from + 1}::text[], $${from + 2}::text[]) AS c(access_key_id, user_id, user_name)
  JOIN access_key_index k ON k.access_key_id = c.access_key_id AND k.user_id = c.user_id
                         AND k.user_name = c.user_name AND k.status = 'Active'
  ${USER_HOLDS_NAME}`;

/** A proof as a whole: the same key id taken under another owner or name is another proof. */
export const proofKey = (proof: AccessKeyProof) => `${proof.accessKeyId}\n${proof.userId}\n${proof.userName}`;

/** `confirmedAccessKeysSql`'s three parameters for `proofs`. */
export const proofParams = (proofs: readonly AccessKeyProof[]) => [
  proofs.map((proof) => proof.accessKeyId),
  proofs.map((proof) => proof.userId),
  proofs.map((proof) => proof.userName),
];

/** For the user delete: whether the user still has AccessKeys (409 `DeleteConflict.User.AccessKey`). */
export async function userHasAccessKeys(client: SqlClient, userId: string): Promise<boolean> {
  const { rows } = await client.query(`SELECT 1 FROM access_key_index WHERE user_id = $1 LIMIT 1`, [userId]);
  return rows.length > 0;
}
