import type { SqlClient } from '#event-store';
import type { Cause, IntervalKind } from '../temporal/interval-changes.js';
import type { PrincipalKind } from './audit-parameters.js';

export interface TimelineEntry {
  at: string;
  /** The position of the event behind the entry; an expiry that no event has recorded yet has none. */
  position?: number;
  effect: 'gained' | 'lost';
  kind: IntervalKind;
  principalId: string;
  groupName?: string;
  policyType?: string;
  policyName?: string;
  versionId?: string;
  roleName?: string;
  userName?: string;
  trustPolicyVersion?: number;
  expiresAt?: string;
  /** A time-bound grant ended at `expiresAt` (its expiry event, when written, is the cause). */
  expired?: boolean;
  cause?: Cause;
}

interface Row {
  kind: IntervalKind;
  subject_id: string;
  subject_name: string;
  object_key: string;
  object_name: string | null;
  detail: { policyType?: string; policyId?: string; versionId?: string; trustPolicyVersion?: number };
  expires_at: Date | null;
  from_time: Date;
  from_cause: Cause;
  to_time: Date | null;
  to_cause: Cause | null;
  /** Group attachments and policy versions: the window of the membership or holding they count within. */
  window_from: Date | null;
  window_to: Date | null;
  via_group: string | null;
  owner_id: string | null;
}

// Own intervals of every principal that bore the name (a re-created name is a new principal), eligibilities
// naming it, its groups' attachments within each membership, and default-version switches of the custom
// policies it held directly or through a group, within the holding.
const TIMELINE = `
  WITH p AS (
    SELECT subject_id FROM audit_intervals WHERE kind = 'principal' AND subject_type = $1 AND lower(subject_name) = lower($2)
  ), own AS (
    SELECT i.*, NULL::timestamptz AS window_from, NULL::timestamptz AS window_to, NULL::text AS via_group, i.subject_id AS owner_id
    FROM audit_intervals i WHERE i.subject_id IN (SELECT subject_id FROM p)
    UNION ALL
    SELECT i.*, NULL, NULL, NULL, i.object_key FROM audit_intervals i
    WHERE i.kind = 'eligibility' AND i.object_key IN (SELECT subject_id FROM p)
  ), via_group AS (
    SELECT a.*, m.from_time AS window_from, least(m.to_time, m.expires_at) AS window_to, m.object_name AS via_group,
           m.subject_id AS owner_id
    FROM own m JOIN audit_intervals a ON a.subject_id = m.object_key AND a.kind = 'attachment'
    WHERE m.kind = 'membership'
      AND a.from_time < coalesce(least(m.to_time, m.expires_at), 'infinity')
      AND coalesce(least(a.to_time, a.expires_at), 'infinity') > m.from_time
  ), held AS (
    SELECT * FROM own WHERE kind = 'attachment' UNION ALL SELECT * FROM via_group
  ), versions AS (
    SELECT v.*, h.from_time AS window_from, least(h.to_time, h.expires_at, h.window_to) AS window_to,
           h.via_group, h.owner_id
    FROM held h JOIN audit_intervals v ON v.subject_id = h.detail->>'policyId' AND v.kind = 'default-version'
    WHERE v.from_time > greatest(h.from_time, h.window_from)
      AND v.from_time < coalesce(least(h.to_time, h.expires_at, h.window_to), 'infinity')
  )
  SELECT * FROM own UNION ALL SELECT * FROM via_group UNION ALL SELECT * FROM versions`;

/** Every change to what the principal named `name` could do, oldest first. */
export async function timelineOf(
  db: SqlClient,
  kind: PrincipalKind,
  name: string,
  now: Date,
): Promise<TimelineEntry[] | undefined> {
  const { rows } = await db.query<Row>(TIMELINE, [kind, name]);
  if (!rows.some((r) => r.kind === 'principal')) return undefined;
  const entries: TimelineEntry[] = [];
  for (const row of rows) {
    const what = describe(row);
    const inWindow = (t: Date) =>
      (!row.window_from || t > row.window_from) && (!row.window_to || t < row.window_to);
    if (row.kind === 'default-version') {
      // A switch of the default version: the old version's access is lost, the new one's gained, at once.
      entries.push({ ...entry(row.from_time, row.from_cause), effect: 'gained', ...what });
      continue;
    }
    if (inWindow(row.from_time))
      entries.push({ ...entry(row.from_time, row.from_cause), effect: 'gained', ...what });
    const expiredFirst = row.expires_at && (!row.to_time || row.expires_at <= row.to_time);
    const end = expiredFirst ? row.expires_at : row.to_time;
    if (!end || (expiredFirst && end > now) || !inWindow(end)) continue;
    const cause = row.to_cause ?? undefined;
    entries.push({
      ...entry(end, cause),
      effect: 'lost',
      ...what,
      ...(expiredFirst && { expired: true }),
    });
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at) || (a.position ?? 0) - (b.position ?? 0));
}

const entry = (at: Date, cause: Cause | undefined) => ({
  at: at.toISOString(),
  ...(cause && { position: cause.position, cause }),
});

function describe(row: Row): Omit<TimelineEntry, 'at' | 'effect' | 'position' | 'cause'> {
  const base = {
    kind: row.kind,
    principalId: row.owner_id ?? row.subject_id,
    ...(row.via_group && { groupName: row.via_group }),
    ...(row.expires_at && { expiresAt: row.expires_at.toISOString() }),
  };
  switch (row.kind) {
    case 'membership':
      return { ...base, groupName: row.object_name ?? row.object_key };
    case 'attachment':
      return { ...base, policyType: row.detail.policyType, policyName: row.object_name ?? undefined };
    case 'default-version':
      return { ...base, policyType: 'Custom', policyName: row.subject_name, versionId: row.detail.versionId };
    case 'trust-policy':
      return { ...base, trustPolicyVersion: row.detail.trustPolicyVersion };
    case 'eligibility':
      return { ...base, roleName: row.subject_name };
    default:
      return base;
  }
}
