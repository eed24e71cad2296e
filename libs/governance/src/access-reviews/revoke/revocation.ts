import type { CommandMetadata } from '#common';
import { type DomainEvent, type EventStoreTransaction, type StoredEvent, stampEvents } from '#event-store';
import type { NameKind } from '#identity';
import type { AccessReviewItemResolved } from '../domain/access-review.events.js';

export type Resolution = Pick<AccessReviewItemResolved['data'], 'outcome' | 'revocation'>;

export const alreadyRemoved: Resolution = { outcome: 'AlreadyRemoved' };
/** The access at the target now is a later grant than the one certified: not the reviewers' to remove. */
export const changedSinceSnapshot: Resolution = { outcome: 'ChangedSinceSnapshot' };

/** Who revokes and for which campaign item: the identity events carry it in their data (common contract). */
export interface RevocationContext {
  meta: CommandMetadata;
  accessReviewId: string;
  itemId: string;
}

/**
 * Whether the principal still exists, under its name row FOR SHARE (the lock the identity commands take), so
 * a racing delete waits for the revocation. Looked up by id: the item names the principal it certified,
 * and a re-created name is another principal that inherits nothing.
 */
export async function lockPrincipal(tx: EventStoreTransaction, kind: NameKind, id: string): Promise<boolean> {
  const { rows } = await tx.client.query(
    `SELECT 1 FROM name_reservations WHERE kind = $1 AND owner_id = $2 FOR SHARE`,
    [kind, id],
  );
  return rows.length > 0;
}

/** Appends the revoking events, marked with the review and item, and reports where the last one landed. */
export async function appendRevocation(
  tx: EventStoreTransaction,
  streamId: string,
  expectedVersion: number | 'none',
  events: readonly DomainEvent[],
  ctx: RevocationContext,
): Promise<Resolution> {
  const marked = events.map((event) => ({
    ...event,
    data: { ...(event.data as object), accessReviewId: ctx.accessReviewId, itemId: ctx.itemId },
  }));
  const stored: StoredEvent[] = await tx.append(streamId, expectedVersion, stampEvents(marked, ctx.meta));
  const last = stored[stored.length - 1];
  return { outcome: 'Revoked', revocation: { streamId, eventType: last.type, position: last.position } };
}

export const versionOf = (events: readonly StoredEvent[]) => events.at(-1)?.streamVersion ?? 'none';
