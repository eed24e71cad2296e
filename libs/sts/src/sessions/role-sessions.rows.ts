import type { SqlClient } from '#event-store';
import type { RoleAssumed } from './role-assumed.events.js';

const COLUMNS = `session_id, role_id, role_name, role_session_name, caller_arn, caller_kind, caller_principal_id,
                 issued_at, expiration, source_ip`;

/**
 * The INSERT of sessions' rows from their `RoleAssumed` events' data: `from` names the rows (a FROM clause
 * and a WHERE clause, if any) and `data` the jsonb of each, so that a row always says what its event says.
 */
export function insertRoleSessionsSql(from: string, data: string): string {
  const field = (key: string) => `${data}->>'${key}'`;
  return `INSERT INTO role_sessions (${COLUMNS})
          SELECT ${field('sessionId')}, ${field('roleId')}, ${field('roleName')}, ${field('roleSessionName')},
                 ${field('callerArn')}, ${field('callerKind')}, ${field('callerPrincipalId')},
                 (${field('issuedAt')})::timestamptz, (${field('expiration')})::timestamptz, ${field('sourceIp')}
          ${from}`;
}

const RECORD_ROLE_SESSIONS_SQL = insertRoleSessionsSql(
  'FROM jsonb_array_elements($1::jsonb) AS s(data)',
  's.data',
);

/** The sessions' rows, in the transaction that appends their `RoleAssumed` events: one statement for all. */
export async function recordRoleSessions(
  client: SqlClient,
  sessions: readonly RoleAssumed['data'][],
): Promise<void> {
  if (sessions.length === 0) return;
  // The events' data as one JSON document: no per-element array escaping.
  await client.query({ name: 'record-role-sessions', text: RECORD_ROLE_SESSIONS_SQL }, [
    JSON.stringify(sessions),
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
