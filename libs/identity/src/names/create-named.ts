import type { CommandMetadata } from '#common';
import { type DomainEvent, type EventStore, stampEvents } from '#event-store';
import { type NameKind, reserveName } from './name-reservations.js';

/**
 * Writes the creation of a named principal or policy: the name reservation and the new stream's first
 * events in one transaction, so a racing create of the same name fails with EntityAlreadyExists.
 * Returns the position of the last event (the `Ledger-Position`).
 */
export async function createNamed(
  store: EventStore,
  target: { kind: NameKind; name: string; id: string; streamId: string },
  events: readonly DomainEvent[],
  meta: CommandMetadata,
): Promise<number> {
  const stored = await store.transaction(async (tx) => {
    await reserveName(tx.client, target.kind, target.name, target.id);
    return tx.append(target.streamId, 'none', stampEvents(events, meta));
  });
  return stored[stored.length - 1].position;
}
