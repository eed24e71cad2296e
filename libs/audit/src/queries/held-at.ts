import type { SqlClient } from '#event-store';
import type { Cause } from '../temporal/interval-changes.js';
import type { PrincipalKind } from './audit-parameters.js';

export interface PrincipalAt {
  kind: PrincipalKind;
  id: string;
  name: string;
  created: Cause;
}

/** One policy in force for a principal at an instant, with the intervals (and their events) that put it there. */
export interface HeldPolicy {
  policyType: 'System' | 'Custom';
  policyName: string;
  policyId?: string;
  policyKey: string;
  /** Custom: the default version at the instant; System: v1. */
  versionId: string;
  /** Custom: the version's document text; System: resolved from the built-in catalogue. */
  document?: string;
  groupId?: string;
  groupName?: string;
  expiresAt?: string;
  attached: Cause;
  /** What ended the attachment later (or nothing while it is still in force). */
  detached?: Cause;
  membership?: Cause;
  left?: Cause;
  version?: Cause;
  versionEnded?: Cause;
}

/** How a held policy is named in answers: which policy, which version, and whether directly or via a group. */
export interface HeldPolicyRef {
  policyType: 'System' | 'Custom';
  policyName: string;
  policyId?: string;
  versionId: string;
  via: 'direct' | 'group';
  groupName?: string;
}

export const heldPolicyRef = (h: HeldPolicy): HeldPolicyRef => ({
  policyType: h.policyType,
  policyName: h.policyName,
  ...(h.policyId && { policyId: h.policyId }),
  versionId: h.versionId,
  via: h.groupName === undefined ? 'direct' : 'group',
  ...(h.groupName !== undefined && { groupName: h.groupName }),
});

/** Valid at $2: opened at or before it, not closed by then; a time-bound row also not expired by then. */
export const VALID_AT = (alias: string, at = '$2') =>
  `${alias}.from_time <= ${at} AND (${alias}.to_time IS NULL OR ${alias}.to_time > ${at})
   AND (${alias}.expires_at IS NULL OR ${alias}.expires_at > ${at})`;

export async function principalAt(
  db: SqlClient,
  kind: PrincipalKind,
  name: string,
  at: Date,
): Promise<PrincipalAt | undefined> {
  const { rows } = await db.query<{ subject_id: string; subject_name: string; from_cause: Cause }>(
    `SELECT subject_id, subject_name, from_cause FROM audit_intervals p
     WHERE p.kind = 'principal' AND p.subject_type = $1 AND lower(p.subject_name) = lower($3)
       AND ${VALID_AT('p')}
     LIMIT 1`,
    [kind, at, name],
  );
  const row = rows[0];
  return row && { kind, id: row.subject_id, name: row.subject_name, created: row.from_cause };
}

interface HeldRow {
  object_key: string;
  object_name: string;
  detail: { policyType: 'System' | 'Custom'; policyId?: string };
  expires_at: Date | null;
  from_cause: Cause;
  to_cause: Cause | null;
  group_id: string | null;
  group_name: string | null;
  membership: Cause | null;
  left_cause: Cause | null;
  version_id: string | null;
  version_cause: Cause | null;
  version_end: Cause | null;
  document: string | null;
}

// The principal's own attachments, then those of the groups it was a member of, each with the default
// version of a custom policy at that instant and that version's document: one round trip.
const HELD = `
  WITH members AS (
    SELECT m.object_key AS group_id, m.object_name AS group_name, m.from_cause, m.to_cause
    FROM audit_intervals m WHERE m.subject_id = $1 AND m.kind = 'membership' AND ${VALID_AT('m')}
  ), held AS (
    SELECT a.object_key, a.object_name, a.detail, a.expires_at, a.from_cause, a.to_cause,
           NULL::text AS group_id, NULL::text AS group_name, NULL::jsonb AS membership, NULL::jsonb AS left_cause
    FROM audit_intervals a WHERE a.subject_id = $1 AND a.kind = 'attachment' AND ${VALID_AT('a')}
    UNION ALL
    SELECT a.object_key, a.object_name, a.detail, a.expires_at, a.from_cause, a.to_cause,
           m.group_id, m.group_name, m.from_cause, m.to_cause
    FROM members m JOIN audit_intervals a ON a.subject_id = m.group_id AND a.kind = 'attachment' AND ${VALID_AT('a')}
  )
  SELECT h.*, d.detail->>'versionId' AS version_id, d.from_cause AS version_cause, d.to_cause AS version_end,
         v.detail->>'document' AS document
  FROM held h
  LEFT JOIN audit_intervals d ON h.detail->>'policyType' = 'Custom' AND d.subject_id = h.detail->>'policyId'
    AND d.kind = 'default-version' AND ${VALID_AT('d')}
  LEFT JOIN audit_intervals v ON v.subject_id = h.detail->>'policyId' AND v.kind = 'policy-version'
    AND v.object_key = d.detail->>'versionId' AND ${VALID_AT('v')}
  ORDER BY h.group_name NULLS FIRST, h.object_key`;

/** Every policy a user (own and via its groups) or a role held at `at`. */
export async function heldAt(db: SqlClient, principalId: string, at: Date): Promise<HeldPolicy[]> {
  const { rows } = await db.query<HeldRow>(HELD, [principalId, at]);
  return rows.map((r) => ({
    policyType: r.detail.policyType,
    policyName: r.object_name,
    ...(r.detail.policyId && { policyId: r.detail.policyId }),
    policyKey: r.object_key,
    versionId: r.version_id ?? 'v1',
    ...(r.document !== null && { document: r.document }),
    ...(r.group_id !== null && { groupId: r.group_id, groupName: r.group_name! }),
    ...(r.expires_at && { expiresAt: r.expires_at.toISOString() }),
    attached: r.from_cause,
    ...(r.to_cause && { detached: r.to_cause }),
    ...(r.membership && { membership: r.membership }),
    ...(r.left_cause && { left: r.left_cause }),
    ...(r.version_cause && { version: r.version_cause }),
    ...(r.version_end && { versionEnded: r.version_end }),
  }));
}
