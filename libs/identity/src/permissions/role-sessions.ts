/**
 * What the permission model keeps of a role session (`RoleAssumed`; never a secret): only what trust-change
 * analyses and session decisions read. A busy role keeps a day of them in every process that holds the
 * model, so each record is about half of the event's data.
 */
export interface RoleSessionRecord {
  sessionId: string;
  roleSessionName: string;
  assumedRoleArn: string;
  callerArn: string;
  issuedAt: string;
  expiration: string;
  /** The session policy the session was issued with (its document text; not a secret). */
  sessionPolicy?: string;
}

/** The record kept of a `RoleAssumed` event's data (which has more: ids, names, source IP, duration). */
export function roleSessionRecord(data: RoleSessionRecord): RoleSessionRecord {
  const { sessionId, roleSessionName, assumedRoleArn, callerArn, issuedAt, expiration, sessionPolicy } = data;
  return {
    sessionId,
    roleSessionName,
    assumedRoleArn,
    callerArn,
    issuedAt,
    expiration,
    ...(sessionPolicy !== undefined && { sessionPolicy }),
  };
}

/** Sessions issued within this window are kept: trust-change analyses report those a change would break. */
export const RECENT_SESSION_WINDOW_MS = 24 * 3600 * 1000;

/** The role sessions issued in the last 24 hours and not revoked, per role, fed by RoleAssumed events. */
export class RecentRoleSessions {
  private readonly byRole = new Map<string, RoleSessionRecord[]>();

  /**
   * Sessions arrive in commit order, so the oldest are at the front: only those are dropped, which keeps a
   * busy role's AssumeRole stream at constant cost per session (re-filtering the whole list was quadratic).
   */
  assumed(roleId: string, session: RoleSessionRecord): void {
    const since = Date.parse(session.issuedAt) - RECENT_SESSION_WINDOW_MS;
    const sessions = this.byRole.get(roleId) ?? [];
    let stale = 0;
    while (stale < sessions.length && Date.parse(sessions[stale].issuedAt) < since) stale++;
    if (stale > 0) sessions.splice(0, stale);
    sessions.push(session);
    this.byRole.set(roleId, sessions);
  }

  /** `RoleSessionsRevoked`: every session issued at or before `revokedBefore` stops working (docs/sts.md). */
  revoked(roleId: string, revokedBefore: string): void {
    const before = Date.parse(revokedBefore);
    const kept = (this.byRole.get(roleId) ?? []).filter((s) => Date.parse(s.issuedAt) > before);
    this.byRole.set(roleId, kept);
  }

  roleDeleted(roleId: string): void {
    this.byRole.delete(roleId);
  }

  /**
   * The most recent working session of the role with this session name (`assumed-role/<role>/<session>`):
   * sessions last at most 12 hours, so every working one is among those kept.
   */
  latest(roleId: string, roleSessionName: string, now: Date): RoleSessionRecord | undefined {
    let latest: RoleSessionRecord | undefined;
    for (const session of this.recent(roleId, now)) {
      if (session.roleSessionName !== roleSessionName) continue;
      if (!latest || Date.parse(session.issuedAt) >= Date.parse(latest.issuedAt)) latest = session;
    }
    return latest;
  }

  /** Sessions of the role issued in the last 24 hours that have not expired at `now`. */
  recent(roleId: string, now: Date): RoleSessionRecord[] {
    const at = now.getTime();
    return (this.byRole.get(roleId) ?? []).filter(
      (s) => Date.parse(s.issuedAt) >= at - RECENT_SESSION_WINDOW_MS && Date.parse(s.expiration) > at,
    );
  }
}
