import type { SqlClient } from '#event-store';
import type { Cause } from '../temporal/interval-changes.js';
import type { HeldPolicy } from './held-at.js';

interface IntervalRow {
  kind: string;
  subject_type: string;
  subject_id: string;
  subject_name: string;
  object_key: string;
  object_name: string | null;
  detail: { policyType?: 'System' | 'Custom'; policyId?: string; versionId?: string; document?: string };
  expires_at: Date | null;
  from_cause: Cause;
}

export interface SnapshotPrincipal {
  id: string;
  name: string;
  held: HeldPolicy[];
}

export interface SnapshotRole extends SnapshotPrincipal {
  trustPolicy?: string;
  /** Users an access request made eligible to assume the role. */
  eligibleUserIds: Set<string>;
}

/** Everything in force at one instant: every user's and role's policies, trust policies and eligibilities. */
export interface Snapshot {
  users: SnapshotPrincipal[];
  roles: SnapshotRole[];
}

/**
 * Loads every interval valid at `at` in one range search (the GiST index on the validity range) and assembles
 * what each principal held, the same way `heldAt` does for one principal.
 */
export async function snapshotAt(db: SqlClient, at: Date): Promise<Snapshot> {
  const { rows } = await db.query<IntervalRow>(
    `SELECT kind, subject_type, subject_id, subject_name, object_key, object_name, detail, expires_at, from_cause
     FROM audit_intervals i
     WHERE tstzrange(i.from_time, i.to_time, '[)') @> $1::timestamptz
       AND (i.expires_at IS NULL OR i.expires_at > $1::timestamptz)
     ORDER BY i.from_position`,
    [at],
  );
  const of = (kind: string) => rows.filter((r) => r.kind === kind);
  const defaults = new Map(of('default-version').map((r) => [r.subject_id, r]));
  const documents = new Map(
    of('policy-version').map((r) => [`${r.subject_id}@${r.object_key}`, r.detail.document]),
  );
  const attachments = new Map<string, IntervalRow[]>();
  for (const r of of('attachment'))
    attachments.set(r.subject_id, [...(attachments.get(r.subject_id) ?? []), r]);

  const held = (r: IntervalRow, group?: IntervalRow): HeldPolicy => {
    const policyId = r.detail.policyId;
    const version = policyId ? defaults.get(policyId) : undefined;
    const versionId = version?.detail.versionId ?? 'v1';
    const document = policyId ? documents.get(`${policyId}@${versionId}`) : undefined;
    return {
      policyType: r.detail.policyType!,
      policyName: r.object_name!,
      ...(policyId && { policyId }),
      policyKey: r.object_key,
      versionId,
      ...(document !== undefined && { document }),
      ...(group && {
        groupId: group.object_key,
        groupName: group.object_name!,
        membership: group.from_cause,
      }),
      ...(r.expires_at && { expiresAt: r.expires_at.toISOString() }),
      attached: r.from_cause,
      ...(version && { version: version.from_cause }),
    };
  };
  const memberships = new Map<string, IntervalRow[]>();
  for (const m of of('membership'))
    memberships.set(m.subject_id, [...(memberships.get(m.subject_id) ?? []), m]);
  const principals = (type: string) => of('principal').filter((p) => p.subject_type === type);

  const users = principals('User').map((u) => ({
    id: u.subject_id,
    name: u.subject_name,
    held: [
      ...(attachments.get(u.subject_id) ?? []).map((a) => held(a)),
      ...(memberships.get(u.subject_id) ?? [])
        .sort((a, b) => (a.object_name ?? '').localeCompare(b.object_name ?? ''))
        .flatMap((m) => (attachments.get(m.object_key) ?? []).map((a) => held(a, m))),
    ],
  }));
  const trust = new Map(of('trust-policy').map((t) => [t.subject_id, t.detail.document]));
  const eligible = new Map<string, Set<string>>();
  for (const e of of('eligibility'))
    eligible.set(e.subject_id, new Set([...(eligible.get(e.subject_id) ?? []), e.object_key]));
  const roles = principals('Role').map((r) => ({
    id: r.subject_id,
    name: r.subject_name,
    held: (attachments.get(r.subject_id) ?? []).map((a) => held(a)),
    ...(trust.get(r.subject_id) !== undefined && { trustPolicy: trust.get(r.subject_id) }),
    eligibleUserIds: eligible.get(r.subject_id) ?? new Set<string>(),
  }));
  return { users, roles };
}
