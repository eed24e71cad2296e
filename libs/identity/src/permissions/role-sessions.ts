/** A role session as `RoleAssumed` records it (STS issue); never a secret, only ids and times. */
export interface RoleSessionRecord {
  sessionId: string;
  roleId: string;
  roleName: string;
  roleSessionName: string;
  assumedRoleArn: string;
  accessKeyId?: string;
  callerArn: string;
  callerKind: 'user' | 'assumed-role';
  callerPrincipalId: string;
  issuedAt: string;
  expiration: string;
}

/** Sessions issued within this window are kept: trust-change analyses report those a change would break. */
export const RECENT_SESSION_WINDOW_MS = 24 * 3600 * 1000;

/** The role sessions issued in the last 24 hours and not revoked, per role, fed by RoleAssumed events. */
export class RecentRoleSessions {
  private readonly byRole = new Map<string, RoleSessionRecord[]>();

  assumed(session: RoleSessionRecord): void {
    const since = Date.parse(session.issuedAt) - RECENT_SESSION_WINDOW_MS;
    const kept = (this.byRole.get(session.roleId) ?? []).filter((s) => Date.parse(s.issuedAt) >= since);
    kept.push(session);
    this.byRole.set(session.roleId, kept);
  }

  /** `RoleSessionsRevoked`: every session issued before `revokedBefore` stops working. */
  revoked(roleId: string, revokedBefore: string): void {
    const before = Date.parse(revokedBefore);
    const kept = (this.byRole.get(roleId) ?? []).filter((s) => Date.parse(s.issuedAt) >= before);
    this.byRole.set(roleId, kept);
  }

  roleDeleted(roleId: string): void {
    this.byRole.delete(roleId);
  }

  /** Sessions of the role issued in the last 24 hours that have not expired at `now`. */
  recent(roleId: string, now: Date): RoleSessionRecord[] {
    const at = now.getTime();
    return (this.byRole.get(roleId) ?? []).filter(
      (s) => Date.parse(s.issuedAt) >= at - RECENT_SESSION_WINDOW_MS && Date.parse(s.expiration) > at,
    );
  }
}
