import pg from 'pg';
import { PermissionModel } from '#identity';
import { type MatchedStatement, evaluateTrust, parseTrustPolicyDocument } from '#policy';

export interface LoggedEvent {
  type: string;
  data: Record<string, unknown>;
  occurredAt: Date;
}

/** Every committed event, in commit order: what a replay of the log "up to T" walks. */
export async function committedEvents(databaseUrl: string): Promise<LoggedEvent[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      event_type: string;
      data: Record<string, unknown>;
      occurred_at: Date;
    }>(`SELECT event_type, data, occurred_at FROM events ORDER BY transaction_id, global_position`);
    return rows.map((r) => ({ type: r.event_type, data: r.data, occurredAt: r.occurred_at }));
  } finally {
    await client.end();
  }
}

/** A fresh in-memory permission model fed with the events that occurred at or before `at`. */
export function modelAt(events: readonly LoggedEvent[], at: Date): PermissionModel {
  const model = new PermissionModel();
  for (const event of events) if (event.occurredAt.getTime() <= at.getTime()) model.apply(event);
  return model;
}

/** The roles existing at `at` with their trust policy text, by replaying role events. */
export function trustPoliciesAt(events: readonly LoggedEvent[], at: Date): Map<string, string> {
  const byId = new Map<string, { name: string; document: string }>();
  for (const e of events) {
    if (e.occurredAt.getTime() > at.getTime()) continue;
    const d = e.data as { roleId: string; roleName: string; assumeRolePolicyDocument: string };
    if (e.type === 'RoleCreated' || e.type === 'TrustPolicyChanged')
      byId.set(d.roleId, { name: d.roleName, document: d.assumeRolePolicyDocument });
    if (e.type === 'RoleDeleted') byId.delete(d.roleId);
  }
  return new Map([...byId.values()].map((r) => [r.name, r.document]));
}

export const trusts = (document: string, callerArn: string, at: Date) =>
  evaluateTrust(parseTrustPolicyDocument(document), { type: 'RAM', arn: callerArn }, { now: at }).decision ===
  'Allow';

/** Matched statements in a comparable order. */
export const statementKeys = (matched: readonly MatchedStatement[]) =>
  matched.map((m) => `${m.effect} ${m.policyType}:${m.policyName}@${m.versionId}#${m.statementIndex}`).sort();
