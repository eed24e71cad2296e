import { entityNotExist } from '#common';
import type { DomainEvent, EventStoreTransaction, SqlClient } from '#event-store';
import { findSystemPolicy } from '#policy';
import { lockName } from '../names/name-reservations.js';
import { assertPolicyType } from '../policies/domain/policy.rules.js';
import { echoPolicyName } from '../policies/policy-lookup.js';
import { policyStreamId, type PolicyEvent } from '../policies/domain/policy.events.js';
import { evolvePolicy, initialPolicyState, type PolicyState } from '../policies/domain/policy.state.js';
import { readStreamState } from '../shared/stream-state.js';
import {
  ATTACHMENT_EVENT_TYPES,
  type AttachmentData,
  type AttachmentEvent,
  policyKey,
} from './domain/attachment.events.js';
import {
  evolveAttachments,
  initialAttachments,
  type PrincipalAttachments,
} from './domain/attachment.state.js';

/** A principal's stream as grants see it: its attachments, plus its name and when each grant began. */
export interface PrincipalGrants {
  principalName?: string;
  attachments: PrincipalAttachments;
  attachDates: ReadonlyMap<string, string>;
}

export const initialGrants: PrincipalGrants = { attachments: initialAttachments, attachDates: new Map() };

// Only the creation event's name field of each principal kind is read here; the rest of those streams is
// another aggregate's business.
const CREATED_NAME_FIELD: Record<string, string> = {
  UserCreated: 'userName',
  GroupCreated: 'groupName',
  RoleCreated: 'roleName',
};

export function evolveGrants(state: PrincipalGrants, event: DomainEvent, occurredAt: Date): PrincipalGrants {
  if (ATTACHMENT_EVENT_TYPES.has(event.type)) {
    const attachment = event as AttachmentEvent;
    const attachDates = new Map(state.attachDates);
    if (attachment.type === 'PolicyAttached')
      attachDates.set(attachment.data.attachmentId, occurredAt.toISOString());
    else attachDates.delete(attachment.data.attachmentId);
    return { ...state, attachments: evolveAttachments(state.attachments, attachment), attachDates };
  }
  const field = CREATED_NAME_FIELD[event.type];
  const name = field ? (event.data as Record<string, unknown>)[field] : undefined;
  return typeof name === 'string' ? { ...state, principalName: name } : state;
}

export type PolicyRef = Pick<AttachmentData, 'policyType' | 'policyName' | 'policyId'>;

/**
 * The policy a grant names, as it is spelt. A custom policy's name row is taken FOR SHARE (after the
 * principal's, per the lock order), so a deletion waits for the grant and then sees it.
 */
export async function resolvePolicy(
  tx: EventStoreTransaction,
  policyType: string,
  policyName: string,
): Promise<PolicyRef> {
  assertPolicyType(policyType);
  if (policyType === 'System') {
    const system = findSystemPolicy(policyName);
    if (!system) throw entityNotExist('Policy', echoPolicyName(policyName));
    return { policyType, policyName: system.policyName };
  }
  const policyId = await lockName(tx.client, 'Policy', policyName, 'SHARE');
  if (!policyId) throw entityNotExist('Policy', echoPolicyName(policyName));
  const { state } = await readStreamState<PolicyState>(
    tx,
    policyStreamId(policyId),
    (s, e, at) => evolvePolicy(s, e as PolicyEvent, at),
    initialPolicyState,
  );
  return { policyType, policyName: state.status === 'absent' ? policyName : state.policyName, policyId };
}

/** The constraint rows of grants, kept in the transaction that appends the events. */
export async function recordAttachments(
  client: SqlClient,
  events: readonly AttachmentEvent[],
): Promise<void> {
  for (const { type, data } of events) {
    if (type === 'PolicyAttached') {
      await client.query(
        `INSERT INTO policy_attachments (attachment_id, policy_key, principal_type, principal_id, expires_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [data.attachmentId, policyKey(data), data.principalType, data.principalId, data.expiresAt ?? null],
      );
    } else {
      await client.query(`DELETE FROM policy_attachments WHERE attachment_id = $1`, [data.attachmentId]);
    }
  }
}
