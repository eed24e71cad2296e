import { findSystemPolicy } from '#policy';
import type { Cause } from '../temporal/interval-changes.js';
import { type HeldPolicy, type HeldPolicyRef, heldPolicyRef } from './held-at.js';

export interface AccessChange extends HeldPolicyRef {
  /** The policy version's statements, in RAM's policy language: the access that appeared or disappeared. */
  statements: unknown[];
  /** When it appeared or disappeared. */
  at: string;
  /** A time-bound grant that ended at its `expiresAt`. */
  expired?: boolean;
  cause?: Cause;
}

export interface AccessDiff {
  appeared: AccessChange[];
  disappeared: AccessChange[];
}

const grantKey = (h: HeldPolicy) => `${h.policyKey}@${h.versionId}|${h.groupName ?? ''}`;

/**
 * What a principal held at `to` and not at `from` (appeared), and the reverse (disappeared), each with the
 * event that made the difference: the latest of attachment, membership and version switch for an appearance,
 * the earliest end (revocation, leave, version switch or expiry) for a disappearance.
 */
export function diffHeld(
  before: readonly HeldPolicy[],
  after: readonly HeldPolicy[],
  from: Date,
  to: Date,
): AccessDiff {
  const beforeKeys = new Set(before.map(grantKey));
  const afterKeys = new Set(after.map(grantKey));
  const appeared = after
    .filter((h) => !beforeKeys.has(grantKey(h)))
    .map((h) => {
      const starts = [h.attached, h.membership, h.version].filter((c): c is Cause => c !== undefined);
      const cause = latest(starts.filter((c) => Date.parse(c.occurredAt) > from.getTime()));
      return change(h, cause?.occurredAt ?? from.toISOString(), cause);
    });
  const disappeared = before
    .filter((h) => !afterKeys.has(grantKey(h)))
    .map((h) => {
      const ends = [h.detached, h.left, h.versionEnded].filter(
        (c): c is Cause => c !== undefined && Date.parse(c.occurredAt) <= to.getTime(),
      );
      const ended = earliest(ends);
      if (
        h.expiresAt &&
        Date.parse(h.expiresAt) <= to.getTime() &&
        (!ended || h.expiresAt <= ended.occurredAt)
      ) {
        const expiry = h.detached?.type === 'PolicyAttachmentExpired' ? h.detached : undefined;
        return { ...change(h, h.expiresAt, expiry), expired: true };
      }
      return change(h, ended?.occurredAt ?? to.toISOString(), ended);
    });
  return { appeared, disappeared };
}

function change(h: HeldPolicy, at: string, cause: Cause | undefined): AccessChange {
  return {
    ...heldPolicyRef(h),
    statements: statementsOf(h),
    at,
    ...(cause && { cause }),
  };
}

function statementsOf(h: HeldPolicy): unknown[] {
  const text = h.policyType === 'System' ? findSystemPolicy(h.policyName)?.documentText : h.document;
  if (text === undefined) return [];
  const statement = (JSON.parse(text) as { Statement?: unknown }).Statement;
  return Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
}

const latest = (causes: Cause[]) => causes.sort((a, b) => b.position - a.position)[0];
const earliest = (causes: Cause[]) => causes.sort((a, b) => a.position - b.position)[0];
