import type { CommandMetadata } from '#common';
import { DomainError } from '#common';
import { type EventStoreTransaction, stampEvents } from '#event-store';
import type { TrustChangeEvent } from '../domain/trust-change.events.js';
import { evolveTrustChange, type ExistingTrustChange } from '../domain/trust-change.state.js';
import type { loadTrustChange } from '../trust-change.stream.js';
import { saveTrustChange } from './trust-change.rows.js';

export interface RecordedTrustChange {
  change: ExistingTrustChange;
  position: number;
  /** Decided instead of what was asked: the proposal expired or was superseded meanwhile. */
  endedOtherwise?: DomainError;
}

/** Appends decided events at the stream's expected version and updates the change's row with them. */
export async function recordTrustChange(
  tx: EventStoreTransaction,
  loaded: Awaited<ReturnType<typeof loadTrustChange>>,
  events: TrustChangeEvent[],
  meta: CommandMetadata,
): Promise<RecordedTrustChange> {
  if (events.length === 0) return { change: loaded.change, position: loaded.position };
  const stored = await tx.append(loaded.streamId, loaded.expectedVersion, stampEvents(events, meta));
  const change = events.reduce(evolveTrustChange, loaded.change) as ExistingTrustChange;
  await saveTrustChange(tx.client, change);
  return { change, position: stored[stored.length - 1]!.position, endedOtherwise: endedOtherwise(events) };
}

function endedOtherwise(events: TrustChangeEvent[]): DomainError | undefined {
  const last = events[events.length - 1]!;
  if (last.type === 'TrustPolicyChangeSuperseded') {
    return new DomainError(
      'StaleChangeRequest',
      `The role's trust policy is at version ${last.data.currentVersion}, not the proposal's base version ${last.data.baseVersion}; the proposal is superseded`,
      409,
    );
  }
  if (last.type === 'TrustPolicyChangeExpired')
    return new DomainError('InvalidStatus.TrustPolicyChange', 'The trust-policy change expired', 409);
  return undefined;
}

/** The outcome a caller sees: the change, or the refusal recorded in the same commit. */
export function settle(recorded: RecordedTrustChange): RecordedTrustChange {
  if (recorded.endedOtherwise) throw recorded.endedOtherwise;
  return recorded;
}
