import { randomUUID } from 'node:crypto';
import type { CommandMetadata } from '#common';
import { ConcurrentModificationError, type EventStore, stampEvents } from '#event-store';
import { readStreamState } from '../../shared/stream-state.js';
import { decideAttachment } from '../domain/attachment.decider.js';
import { type PrincipalKind, principalStreamId } from '../domain/attachment.events.js';
import { evolveGrants, initialGrants, recordAttachments } from '../principal-grants.js';

/** The actor of events the service writes by itself (docs/identity-design.md). */
export const serviceActorArn = (accountId: string) => `acs:ram::${accountId}:service/access-ledger`;

interface DueRow {
  attachment_id: string;
  principal_type: PrincipalKind;
  principal_id: string;
}

/**
 * Ends every time-bound grant that is due, one per transaction. The due row is taken FOR UPDATE SKIP LOCKED
 * so two workers never pick the same grant, and the event is appended at the principal stream's expected
 * version, so a grant revoked meanwhile is not ended twice. Returns how many grants ended.
 */
export async function expireDueAttachments(
  store: EventStore,
  accountId: string,
  now: () => Date = () => new Date(),
  maxPerRun = 100,
): Promise<number> {
  let ended = 0;
  for (let i = 0; i < maxPerRun; i++) {
    const outcome = await expireOne(store, accountId, now()).catch((error: unknown) => {
      // A grant or revoke on the same principal won the race: the next run decides on its state.
      if (error instanceof ConcurrentModificationError) return 'retry-later' as const;
      throw error;
    });
    if (outcome === 'none' || outcome === 'retry-later') break;
    if (outcome === 'ended') ended++;
  }
  return ended;
}

function expireOne(store: EventStore, accountId: string, now: Date): Promise<'none' | 'ended' | 'stale'> {
  return store.transaction(async (tx) => {
    const { rows } = await tx.client.query<DueRow>(
      `SELECT attachment_id, principal_type, principal_id FROM policy_attachments
       WHERE expires_at <= $1 ORDER BY expires_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now],
    );
    const due = rows[0];
    if (!due) return 'none';
    const streamId = principalStreamId(due.principal_type, due.principal_id);
    const principal = await readStreamState(tx, streamId, evolveGrants, initialGrants);
    const events = decideAttachment(
      { type: 'ExpireAttachment', attachmentId: due.attachment_id, now },
      principal.state.attachments,
    );
    await tx.append(streamId, principal.expectedVersion, stampEvents(events, expiryMeta(accountId, now)));
    await recordAttachments(tx.client, events);
    // Nothing to end means the row outlived its grant; it goes either way.
    if (events.length === 0)
      await tx.client.query(`DELETE FROM policy_attachments WHERE attachment_id = $1`, [due.attachment_id]);
    return events.length > 0 ? 'ended' : 'stale';
  });
}

function expiryMeta(accountId: string, now: Date): CommandMetadata {
  const requestId = randomUUID();
  return { now, accountId, actorArn: serviceActorArn(accountId), requestId, correlationId: requestId };
}
