import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '#common';
import type { SqlClient } from '#event-store';
import { ACCESS_KEY_ID, secretDigest } from '../secrets/random-credentials.js';
import { type AccessKeyProof, type AccessKeyRow, accessKeyRows } from '../store/access-key.rows.js';

export interface AccessKeyOwner {
  userId: string;
  userName: string;
}

/** Reads one key's row and owner (`accessKeyRows.find`, or a batching reader in front of it). */
export type AccessKeyLookup = (accessKeyId: string) => Promise<AccessKeyRow | undefined>;

// The same answer for an unknown id, a wrong secret and an inactive key.
export const invalidAccessKey = () =>
  new DomainError('InvalidCredentials', 'The AccessKey is not valid', 401);

const UNKNOWN_KEY_DIGEST = secretDigest('no such key');

/** `lastUsedDate` is kept to the minute, as RAM and IAM report it: a busy key is not written per request. */
export const LAST_USED_GRANULARITY_MS = 60_000;
const RECENT_TOUCHES_MAX = 10_000;
const KNOWN_KEYS_MAX = 10_000;

/**
 * `AccessKey <id>:<secret>`: the owner of an active key whose secret matches, read from `access_key_index`
 * on every request (written with the events, so a deleted or deactivated key stops working at once). A
 * request whose write confirms the key in its own statement (`verifyForWrite`, AssumeRole) is checked against
 * the key's row as last read here instead, and the write refuses it if the key changed since.
 * Records the use in `last_used_date`, at most once a minute per key: not when the row read shows a use
 * within the minute, nor when this process recorded one within the minute.
 */
export class AccessKeyVerifier {
  /** Key id → when this process last recorded its use (ms). */
  private readonly touched = new Map<string, number>();
  /** Key id → its row as last read here, while active (what `verifyForWrite` checks a secret against). */
  private readonly known = new Map<string, AccessKeyRow>();

  constructor(
    private readonly client: SqlClient,
    private readonly lookup: AccessKeyLookup = (id) => accessKeyRows.find(client, id),
  ) {}

  verify(credential: string, now: Date): Promise<AccessKeyOwner> {
    return this.verifyRead(parseCredential(credential), now);
  }

  /**
   * `verify` for a request whose write confirms the key itself: a key read here before is checked against
   * that row without a read; the proof is what the write must confirm (`confirmedAccessKeysSql`).
   */
  async verifyForWrite(
    credential: string,
    now: Date,
  ): Promise<{ owner: AccessKeyOwner; proof: AccessKeyProof }> {
    const parsed = parseCredential(credential);
    const known = parsed.accessKeyId !== undefined ? this.known.get(parsed.accessKeyId) : undefined;
    // A secret that does not match what is known here is read again, never refused from memory.
    const owner =
      known && timingSafeEqual(parsed.presented, known.secret_hash)
        ? await this.admit(known, now)
        : await this.verifyRead(parsed, now);
    return { owner, proof: { accessKeyId: parsed.accessKeyId!, ...owner } };
  }

  /** Whether a proof still holds, read now; the row read replaces what was known of the key. */
  async stillHolds(proof: AccessKeyProof): Promise<boolean> {
    const row = await this.lookup(proof.accessKeyId);
    this.remember(proof.accessKeyId, row);
    return row?.status === 'Active' && row.user_id === proof.userId && row.user_name === proof.userName;
  }

  /** A key a write found changed: the next request reads it again. */
  forget(accessKeyId: string): void {
    this.known.delete(accessKeyId);
  }

  /** The key's row read now; the secret compared in constant time, an unknown id alike. */
  private async verifyRead(
    { accessKeyId, presented }: ReturnType<typeof parseCredential>,
    now: Date,
  ): Promise<AccessKeyOwner> {
    const row = accessKeyId !== undefined ? await this.lookup(accessKeyId) : undefined;
    if (accessKeyId !== undefined) this.remember(accessKeyId, row);
    const matches = timingSafeEqual(presented, row?.secret_hash ?? UNKNOWN_KEY_DIGEST);
    if (!row || !matches) throw invalidAccessKey();
    return this.admit(row, now);
  }

  /** The owner of a key whose secret matched, when it is active; its use recorded. */
  private async admit(row: AccessKeyRow, now: Date): Promise<AccessKeyOwner> {
    if (row.status !== 'Active') throw invalidAccessKey();
    await this.recordUse(row, now);
    return { userId: row.user_id, userName: row.user_name };
  }

  private remember(accessKeyId: string, row: AccessKeyRow | undefined): void {
    if (row?.status !== 'Active') {
      this.known.delete(accessKeyId);
      return;
    }
    if (this.known.size >= KNOWN_KEYS_MAX) this.known.clear();
    this.known.set(accessKeyId, row);
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

/** The key id (undefined when it cannot be one) and the digest of the presented secret. */
function parseCredential(credential: string): { accessKeyId?: string; presented: Buffer } {
  const separator = credential.indexOf(':');
  const accessKeyId = credential.slice(0, separator);
  const presented = secretDigest(credential.slice(separator + 1));
  return separator > 0 && ACCESS_KEY_ID.test(accessKeyId) ? { accessKeyId, presented } : { presented };
}
