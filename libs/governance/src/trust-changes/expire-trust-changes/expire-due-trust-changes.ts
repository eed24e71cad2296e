import { randomUUID } from 'node:crypto';
import { ConcurrentModificationError, type EventStore } from '#event-store';
import { serviceActorArn } from '#identity';
import { decideTrustChange } from '../domain/trust-change.decider.js';
import { recordTrustChange } from '../store/record-trust-change.js';
import { loadTrustChange } from '../trust-change.stream.js';

/**
 * Ends every pending proposal past its expiry, one per transaction: the due row is taken FOR UPDATE SKIP
 * LOCKED so two workers never pick the same one, and TrustPolicyChangeExpired is appended at the stream's
 * expected version, so a proposal approved or ended meanwhile is not touched. The row's status changes in the
 * same transaction, so a restart resumes with exactly what is still due. Returns how many expired.
 */
export async function expireDueTrustChanges(
  store: EventStore,
  accountId: string,
  now: () => Date = () => new Date(),
  maxPerRun = 100,
): Promise<number> {
  let expired = 0;
  for (let i = 0; i < maxPerRun; i++) {
    const outcome = await expireOne(store, accountId, now()).catch((error: unknown) => {
      if (error instanceof ConcurrentModificationError) return 'retry-later' as const;
      throw error;
    });
    if (outcome !== 'expired') break;
    expired++;
  }
  return expired;
}

function expireOne(store: EventStore, accountId: string, now: Date): Promise<'none' | 'expired'> {
  return store.transaction(async (tx) => {
    const { rows } = await tx.client.query<{ change_id: string }>(
      `SELECT change_id FROM trust_policy_changes WHERE status = 'PendingReview' AND expires_at <= $1
       ORDER BY expires_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now],
    );
    if (!rows[0]) return 'none';
    const loaded = await loadTrustChange(tx, rows[0].change_id);
    const requestId = randomUUID();
    const meta = {
      now,
      accountId,
      actorArn: serviceActorArn(accountId),
      requestId,
      correlationId: requestId,
    };
    await recordTrustChange(
      tx,
      loaded,
      decideTrustChange({ type: 'ExpireTrustChange', now }, loaded.change),
      meta,
    );
    return 'expired';
  });
}
