import {
  type CompiledPolicy,
  type CompiledPolicySet,
  compilePolicy,
  parsePolicyDocument,
  SESSION_POLICY_IDENTITY,
} from '#policy';

/** Distinct session policies (and narrowed sets per role set) kept compiled before the memo starts over. */
const MEMO_LIMIT = 1000;

/**
 * The compiled session policies that narrow a role's policies for its sessions (the role's policies
 * intersected with the session policy), kept so that a session's checks compile its policy once. Which
 * sessions exist is the permission model's to know (`PermissionGraph.latestRoleSession`).
 */
export class RoleSessionPolicies {
  private readonly compiled = new Map<string, CompiledPolicy>();
  private readonly narrowed = new WeakMap<CompiledPolicySet, Map<string, CompiledPolicySet>>();

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
