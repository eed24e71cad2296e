import type { CommandMetadata } from '#common';
import { type EventStore, type EventStoreTransaction, stampEvents } from '#event-store';
import { loadByName } from '../shared/stream-state.js';
import { retryOnConflict } from '../shared/retry-on-conflict.js';
import type { AttachmentCommand } from './domain/attachment.decider.js';
import { decideAttachment } from './domain/attachment.decider.js';
import {
  type AttachmentData,
  type AttachmentEvent,
  type PrincipalKind,
  principalStreamId,
} from './domain/attachment.events.js';
import {
  evolveGrants,
  initialGrants,
  type PolicyRef,
  type PrincipalGrants,
  recordAttachments,
  resolvePolicy,
} from './principal-grants.js';

export interface GrantTarget {
  principalType: PrincipalKind;
  principalName: string;
  policyType: string;
  policyName: string;
}

export interface GrantChange {
  events: AttachmentEvent[];
  /** The principal's grants after the change. */
  state: PrincipalGrants;
  policy: PolicyRef;
  position: number;
}

type Principal = Pick<AttachmentData, 'principalType' | 'principalId' | 'principalName'>;

/**
 * Grant or revoke on a principal's stream at its expected version, retried when another writer (a grant, a
 * join, a key) appended first, so the limits hold under any concurrency. Lock order: the principal's name
 * row (FOR SHARE), its grant rows (FOR UPDATE), the policy's name row (FOR SHARE).
 */
export function changeGrants(
  store: EventStore,
  target: GrantTarget,
  meta: CommandMetadata,
  command: (principal: Principal, policy: PolicyRef) => AttachmentCommand,
): Promise<GrantChange> {
  return retryOnConflict(() => store.transaction((tx) => changeGrantsIn(tx, target, meta, command)));
}

/** The same change inside a caller's transaction (an access request's approval issues its grant so). */
export async function changeGrantsIn(
  tx: EventStoreTransaction,
  target: GrantTarget,
  meta: CommandMetadata,
  command: (principal: Principal, policy: PolicyRef) => AttachmentCommand,
): Promise<GrantChange> {
  const kind = target.principalType;
  const principal = await loadByName(
    tx,
    { kind, name: target.principalName, mode: 'SHARE' },
    (id) => principalStreamId(kind, id),
    evolveGrants,
    initialGrants,
  );
  // The principal's grant rows before any append, as the expiry worker takes a due row before its
  // append: a revoke racing an expiry then waits and retries on the new version instead of deadlocking.
  await tx.client.query(
    `SELECT 1 FROM policy_attachments WHERE principal_type = $1 AND principal_id = $2
     ORDER BY attachment_id FOR UPDATE`,
    [kind, principal.id],
  );
  const policy = await resolvePolicy(tx, target.policyType, target.policyName);
  const who = {
    principalType: kind,
    principalId: principal.id,
    principalName: principal.state.principalName ?? target.principalName,
  };
  const events = decideAttachment(command(who, policy), principal.state.attachments);
  const stored = await tx.append(principal.streamId, principal.expectedVersion, stampEvents(events, meta));
  await recordAttachments(tx.client, events);
  return {
    events,
    state: events.reduce((state, e) => evolveGrants(state, e, meta.now), principal.state),
    policy,
    position: stored.at(-1)?.position ?? principal.position,
  };
}
