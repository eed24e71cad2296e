import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '#common';
import type { SqlClient } from '#event-store';
import { ACCESS_KEY_ID, secretDigest } from '../secrets/random-credentials.js';
import { type AccessKeyRow, accessKeyRows } from '../store/access-key.rows.js';

export interface AccessKeyOwner {
  userId: string;
  userName: string;
}

/** Reads one key's row and owner (`accessKeyRows.find`, or a batching reader in front of it). */
export type AccessKeyLookup = (accessKeyId: string) => Promise<AccessKeyRow | undefined>;

// The same answer for an unknown id, a wrong secret and an inactive key.
const invalidCredentials = () => new DomainError('InvalidCredentials', 'The AccessKey is not valid', 401);

const UNKNOWN_KEY_DIGEST = secretDigest('no such key');

/** `lastUsedDate` is kept to the minute, as RAM and IAM report it: a busy key is not written per request. */
export const LAST_USED_GRANULARITY_MS = 60_000;
const RECENT_TOUCHES_MAX = 10_000;

/**
 * `AccessKey <id>:<secret>`: the owner of an active key whose secret matches, read from `access_key_index`
 * on every request (written with the events, so a deleted or deactivated key stops working at once).
 * Records the use in `last_used_date`, at most once a minute per key: not when the row read shows a use
 * within the minute, nor when this process recorded one within the minute.
 */
export class AccessKeyVerifier {
  /** Key id → when this process last recorded its use (ms). */
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly client: SqlClient,
    private readonly lookup: AccessKeyLookup = (id) => accessKeyRows.find(client, id),
  ) {}

  async verify(credential: string, now: Date): Promise<AccessKeyOwner> {
    const separator = credential.indexOf(':');
    const accessKeyId = credential.slice(0, separator);
    const presented = secretDigest(credential.slice(separator + 1));
    const row = separator > 0 && ACCESS_KEY_ID.test(accessKeyId) ? await this.lookup(accessKeyId) : undefined;
    const matches = timingSafeEqual(presented, row?.secret_hash ?? UNKNOWN_KEY_DIGEST);
    if (!row || !matches || row.status !== 'Active') throw invalidCredentials();
    await this.recordUse(row, now);
    return { userId: row.user_id, userName: row.user_name };
  }

  private async recordUse(row: AccessKeyRow, now: Date): Promise<void> {
    const since = now.getTime() - LAST_USED_GRANULARITY_MS;
    if ((row.last_used_date?.getTime() ?? -Infinity) >= since) return;
    if ((this.touched.get(row.access_key_id) ?? -Infinity) >= since) return;
    if (this.touched.size >= RECENT_TOUCHES_MAX) this.touched.clear();
    this.touched.set(row.access_key_id, now.getTime());
    try {
      await accessKeyRows.touch(this.client, row.access_key_id, now);
    } catch (error) {
      // Not recorded: the next request tries again.
      this.touched.delete(row.access_key_id);
      throw error;
    }
  }
}
