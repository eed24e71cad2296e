import type { SqlClient } from '#event-store';
import type { RoleAssumed } from './role-assumed.events.js';

const COLUMNS = `session_id, role_id, role_name, role_session_name, caller_arn, caller_kind, caller_principal_id,
                 issued_at, expiration, source_ip`;

/**
 * The INSERT of sessions' rows from parameter `$param` (roleSessionRows' JSON), keeping those that `where`
 * keeps (a condition on `r`, the row: `r.session_id`, ...).
 */
export function insertRoleSessionsSql(param: number, where = 'true'): string {
  return `INSERT INTO role_sessions (${COLUMNS})
          SELECT ${COLUMNS} FROM jsonb_to_recordset($${param}::jsonb)
            AS r(session_id text, role_id text, role_name text, role_session_name text, caller_arn text,
                 caller_kind text, caller_principal_id text, issued_at timestamptz, expiration timestamptz,
                 source_ip text)
          WHERE ${where}`;
}

/** The sessions' rows as one JSON document (keys as the columns): no per-element array escaping. */
export function roleSessionRows(sessions: readonly RoleAssumed['data'][]): string {
  return JSON.stringify(
    sessions.map((s) => ({
      session_id: s.sessionId,
      role_id: s.roleId,
      role_name: s.roleName,
      role_session_name: s.roleSessionName,
      caller_arn: s.callerArn,
      caller_kind: s.callerKind,
      caller_principal_id: s.callerPrincipalId,
      issued_at: s.issuedAt,
      expiration: s.expiration,
      source_ip: s.sourceIp ?? null,
    })),
  );
}

/** The sessions' rows, in the transaction that appends their `RoleAssumed` events: one statement for all. */
export async function recordRoleSessions(
  client: SqlClient,
  sessions: readonly RoleAssumed['data'][],
): Promise<void> {
  if (sessions.length === 0) return;
  await client.query({ name: 'record-role-sessions', text: insertRoleSessionsSql(1) }, [
    roleSessionRows(sessions),
  ]);
}

/** Sessions of the role issued at or before `revokedBefore` stop working; a later revocation only extends it. */
export async function recordRevocation(
  client: SqlClient,
  roleId: string,
  revokedBefore: string,
): Promise<void> {
  await client.query(
    `INSERT INTO role_session_revocations (role_id, revoked_before) VALUES ($1, $2)
     ON CONFLICT (role_id) DO UPDATE
       SET revoked_before = GREATEST(role_session_revocations.revoked_before, EXCLUDED.revoked_before)`,
    [roleId, revokedBefore],
  );
}

/**
 * The instant a revocation at `now` cuts off: `now`, or the issue time of the role's latest recorded session
 * when that is later (an API process whose clock runs ahead issued it), so that every session committed
 * before the revocation is covered whatever the clocks of the processes that issued them.
 */
export async function revocationCutOff(client: SqlClient, roleId: string, now: Date): Promise<Date> {
  const { rows } = await client.query<{ latest: Date | null }>(
    `SELECT max(issued_at) AS latest FROM role_sessions WHERE role_id = $1`,
    [roleId],
  );
  const latest = rows[0]?.latest;
  return latest && latest.getTime() > now.getTime() ? latest : now;
}

export type SessionStanding = 'valid' | 'role-gone' | 'revoked';

/** What standing is read from: the session's role (name and id) and when it was issued. */
export interface SessionRef {
  roleId: string;
  roleName: string;
  issuedAt: string;
}

/**
 * Are verified sessions still honoured? Each one's role must still be the one it was issued for (a deleted and
 * re-created role of the same name has another id), and no revocation may cover its issue time. Read for
 * every request, from the tables the writes commit with, so both hold from the moment they are answered;
 * the sessions of concurrent requests are read in one statement.
 */
export async function sessionStandings(
  client: SqlClient,
  sessions: readonly SessionRef[],
): Promise<SessionStanding[]> {
  const { rows } = await client.query<{ owner_id: string | null; revoked_before: Date | null }>(
    {
      name: 'sts-session-standings',
      text: `SELECT (SELECT owner_id FROM name_reservations WHERE kind = 'Role' AND name_key = lower(s.role_name))
                      AS owner_id,
                    (SELECT revoked_before FROM role_session_revocations WHERE role_id = s.role_id) AS revoked_before
             FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS s(role_name, role_id, ord)
             ORDER BY s.ord`,
    },
    [sessions.map((s) => s.roleName), sessions.map((s) => s.roleId)],
  );
  return sessions.map((session, i) => {
    const { owner_id: ownerId, revoked_before: revokedBefore } = rows[i]!;
    if (ownerId !== session.roleId) return 'role-gone';
    if (revokedBefore && Date.parse(session.issuedAt) <= revokedBefore.getTime()) return 'revoked';
    return 'valid';
  });
}
