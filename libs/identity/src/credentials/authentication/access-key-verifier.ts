import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '#common';
import type { SqlClient } from '#event-store';
import { ACCESS_KEY_ID, secretDigest } from '../secrets/random-credentials.js';
import { accessKeyRows } from '../store/access-key.rows.js';

export interface AccessKeyOwner {
  userId: string;
  userName: string;
}

// The same answer for an unknown id, a wrong secret and an inactive key.
const invalidCredentials = () => new DomainError('InvalidCredentials', 'The AccessKey is not valid', 401);

const UNKNOWN_KEY_DIGEST = secretDigest('no such key');

/**
 * `AccessKey <id>:<secret>`: the owner of an active key whose secret matches, read from `access_key_index`
 * (written with the events, so a deleted or deactivated key stops working at once). Records the use.
 */
export async function verifyAccessKey(
  client: SqlClient,
  credential: string,
  now: Date,
): Promise<AccessKeyOwner> {
  const separator = credential.indexOf(':');
  const accessKeyId = credential.slice(0, separator);
  const presented = secretDigest(credential.slice(separator + 1));
  const row =
    separator > 0 && ACCESS_KEY_ID.test(accessKeyId)
      ? await accessKeyRows.find(client, accessKeyId)
      : undefined;
  const matches = timingSafeEqual(presented, row?.secret_hash ?? UNKNOWN_KEY_DIGEST);
  if (!row || !matches || row.status !== 'Active') throw invalidCredentials();
  await accessKeyRows.touch(client, accessKeyId, now);
  return { userId: row.user_id, userName: row.user_name };
}
