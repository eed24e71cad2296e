import type { CommandMetadata } from '#common';
import { type DomainEvent, type EventStore, type EventStoreTransaction, stampEvents } from '#event-store';
import { releaseName } from '../names/name-reservations.js';
import { loadByName } from '../shared/stream-state.js';
import { decidePolicy, type PolicyCommand } from './domain/policy.decider.js';
import { type PolicyEvent, policyStreamId } from './domain/policy.events.js';
import { evolvePolicy, initialPolicyState, type PolicyState } from './domain/policy.state.js';

export interface PolicyChange {
  /** The policy after the change. */
  state: PolicyState;
  events: PolicyEvent[];
  /** The last event written, or the policy's last event when nothing changed. */
  position: number;
}

const evolve = (state: PolicyState, event: DomainEvent, occurredAt: Date) =>
  evolvePolicy(state, event as PolicyEvent, occurredAt);

/**
 * Decides a command on an existing custom policy and appends its events. The name row is taken FOR UPDATE:
 * changes of one policy queue up, and a grant (which takes it FOR SHARE) never races a deletion.
 */
export function changePolicy(
  store: EventStore,
  policyName: string,
  meta: CommandMetadata,
  command: (tx: EventStoreTransaction, policyId: string) => PolicyCommand | Promise<PolicyCommand>,
): Promise<PolicyChange> {
  return store.transaction(async (tx) => {
    const policy = await loadByName(
      tx,
      { kind: 'Policy', name: policyName, mode: 'UPDATE' },
      policyStreamId,
      evolve,
      initialPolicyState,
    );
    const events = decidePolicy(await command(tx, policy.id), policy.state);
    const stored = await tx.append(policy.streamId, policy.expectedVersion, stampEvents(events, meta));
    if (events.some((e) => e.type === 'PolicyDeleted')) await releaseName(tx.client, 'Policy', policyName);
    return {
      state: events.reduce((state, e) => evolvePolicy(state, e, meta.now), policy.state),
      events,
      position: stored.at(-1)?.position ?? policy.position,
    };
  });
}
