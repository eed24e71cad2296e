import {
  type CompiledPolicy,
  type CompiledPolicySet,
  compilePolicy,
  parsePolicyDocument,
  type RamPrincipalArn,
  SESSION_POLICY_IDENTITY,
} from '#policy';

interface KnownSession {
  roleId: string;
  issuedAt: number;
  expiration: number;
  sessionPolicy?: string;
}

/** Distinct session policies (and narrowed sets per role set) kept compiled before the memo starts over. */
const MEMO_LIMIT = 1000;
const SWEEP_EVERY = 10_000;

/**
 * Role sessions as the event log tells them, in the same commit order as the permission model: what
 * `/v1/authorize` needs to answer for an assumed-role ARN, and the compiled session policies that narrow a
 * role's policies (the role's policies intersected with the session policy).
 */
export class RoleSessionPolicies {
  static readonly EVENT_TYPES = new Set(['RoleAssumed', 'RoleSessionsRevoked']);

  /** `<role name lower-cased>/<session name>` → the sessions issued under that ARN, expired ones pruned. */
  private readonly byArn = new Map<string, KnownSession[]>();
  private readonly revokedBefore = new Map<string, number>();
  private readonly compiled = new Map<string, CompiledPolicy>();
  private readonly narrowed = new WeakMap<CompiledPolicySet, Map<string, CompiledPolicySet>>();
  private appliedSinceSweep = 0;

  apply(event: { type: string; data: unknown }): void {
    const data = event.data as Record<string, string | undefined>;
    if (event.type === 'RoleSessionsRevoked') {
      this.revokedBefore.set(data.roleId!, Date.parse(data.revokedBefore!));
      return;
    }
    const key = `${data.roleName!.toLowerCase()}/${data.roleSessionName}`;
    const now = Date.now();
    const live = (this.byArn.get(key) ?? []).filter((session) => session.expiration > now);
    live.push({
      roleId: data.roleId!,
      issuedAt: Date.parse(data.issuedAt!),
      expiration: Date.parse(data.expiration!),
      ...(data.sessionPolicy !== undefined && { sessionPolicy: data.sessionPolicy }),
    });
    this.byArn.set(key, live);
    if (++this.appliedSinceSweep >= SWEEP_EVERY) this.sweep(now);
  }

  /** ARNs whose sessions all expired are forgotten, so memory follows the live sessions only. */
  private sweep(now: number): void {
    this.appliedSinceSweep = 0;
    for (const [key, sessions] of this.byArn) {
      if (sessions.every((session) => session.expiration <= now)) this.byArn.delete(key);
    }
  }

  /**
   * The session policy of the most recent session with this ARN that still works at `now` (unexpired, not
   * revoked, issued for the role that has the name now), or undefined when there is none or it had none.
   */
  latestPolicy(arn: RamPrincipalArn, roleId: string | undefined, now: Date): string | undefined {
    const sessions = this.byArn.get(`${arn.name}/${arn.session}`);
    if (!sessions || roleId === undefined) return undefined;
    const cutOff = this.revokedBefore.get(roleId) ?? Number.NEGATIVE_INFINITY;
    let latest: KnownSession | undefined;
    for (const session of sessions) {
      if (session.roleId !== roleId || session.expiration <= now.getTime() || session.issuedAt <= cutOff)
        continue;
      if (!latest || session.issuedAt > latest.issuedAt) latest = session;
    }
    return latest?.sessionPolicy;
  }

  /** The role's policies narrowed by a session policy, compiled once per (role set, policy text). */
  narrow(roleSet: CompiledPolicySet, sessionPolicy: string): CompiledPolicySet {
    let byText = this.narrowed.get(roleSet);
    if (!byText) this.narrowed.set(roleSet, (byText = new Map()));
    const known = byText.get(sessionPolicy);
    if (known) return known;
    const set = roleSet.withSessionPolicy(this.compile(sessionPolicy));
    if (byText.size >= MEMO_LIMIT) byText.clear();
    byText.set(sessionPolicy, set);
    return set;
  }

  private compile(text: string): CompiledPolicy {
    const known = this.compiled.get(text);
    if (known) return known;
    const policy = compilePolicy(parsePolicyDocument(text), SESSION_POLICY_IDENTITY);
    if (this.compiled.size >= MEMO_LIMIT) this.compiled.clear();
    this.compiled.set(text, policy);
    return policy;
  }
}
