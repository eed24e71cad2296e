import { arn } from '#common';
import {
  type TrustPolicyDocument,
  evaluateTrust,
  parseTrustPolicyDocument,
  trustedPrincipals,
} from '#policy';
import { explainAccess } from './access-at.js';
import type { CompiledPolicies } from './compiled-policies.js';
import type { Snapshot, SnapshotPrincipal } from './snapshot-at.js';

export type AccessPath =
  | { kind: 'direct'; policies: string[] }
  | { kind: 'group'; groupName: string; policies: string[] }
  | { kind: 'role'; roleName: string; roleArn: string; via: 'trust' | 'eligibility' };

export interface AllowedPrincipal {
  principalArn: string;
  principalType: 'User' | 'Role';
  principalId: string;
  principalName: string;
  paths: AccessPath[];
}

/**
 * Every user and role allowed `action` on `resource` at the snapshot's instant, by evaluating each one's
 * policies, plus every user who could assume an allowed role: trusted by the role's trust policy (or made
 * eligible by an access request) and itself allowed `sts:AssumeRole` on the role, as AssumeRole requires.
 */
export function whoCan(
  snapshot: Snapshot,
  request: { action: string; resource: string; at: Date },
  accountId: string,
  compiled: CompiledPolicies,
): AllowedPrincipal[] {
  const allowedPaths = (
    principal: SnapshotPrincipal,
    principalArn: string,
    action: string,
    resource: string,
  ) => {
    const result = explainAccess(
      { principalArn, action, resource, at: request.at },
      principal.held,
      compiled,
    );
    if (result.decision !== 'Allow') return undefined;
    const paths = new Map<string, AccessPath & { policies: string[] }>();
    for (const grant of result.grants.filter((g) => g.decisive)) {
      const key = grant.groupName ?? '';
      const path =
        paths.get(key) ??
        (grant.groupName === undefined
          ? { kind: 'direct' as const, policies: [] }
          : { kind: 'group' as const, groupName: grant.groupName, policies: [] });
      path.policies.push(`${grant.policyType}:${grant.policyName}`);
      paths.set(key, path);
    }
    return [...paths.values()];
  };
  const byUser = new Map<string, AllowedPrincipal>();
  const result: AllowedPrincipal[] = [];
  for (const user of snapshot.users) {
    const principalArn = arn.user(accountId, user.name);
    const entry = {
      principalArn,
      principalType: 'User' as const,
      principalId: user.id,
      principalName: user.name,
    };
    byUser.set(user.id, {
      ...entry,
      paths: allowedPaths(user, principalArn, request.action, request.resource) ?? [],
    });
  }
  for (const role of snapshot.roles) {
    const roleArn = arn.role(accountId, role.name);
    const paths = allowedPaths(role, roleArn, request.action, request.resource);
    if (!paths) continue;
    result.push({
      principalArn: roleArn,
      principalType: 'Role',
      principalId: role.id,
      principalName: role.name,
      paths,
    });
    const trust = role.trustPolicy === undefined ? undefined : parseTrust(role.trustPolicy);
    for (const user of candidates(snapshot, trust, role.eligibleUserIds)) {
      const userArn = arn.user(accountId, user.name);
      const trusted =
        trust &&
        evaluateTrust(trust, { type: 'RAM', arn: userArn }, { now: request.at }).decision === 'Allow';
      const via = trusted ? 'trust' : role.eligibleUserIds.has(user.id) ? 'eligibility' : undefined;
      if (!via || !allowedPaths(user, userArn, 'sts:AssumeRole', roleArn)) continue;
      byUser.get(user.id)!.paths.push({ kind: 'role', roleName: role.name, roleArn, via });
    }
  }
  const users = [...byUser.values()].filter((u) => u.paths.length > 0);
  return [...users, ...result].sort((a, b) => a.principalArn.localeCompare(b.principalArn));
}

/**
 * The users worth checking against a role's trust policy: the users it names when it names only users (the
 * usual case, and what keeps who-can linear in the users), else everyone; and the users made eligible.
 * Each candidate is still checked by `evaluateTrust`, so this only skips users that could not match.
 */
function candidates(
  snapshot: Snapshot,
  trust: TrustPolicyDocument | undefined,
  eligible: ReadonlySet<string>,
) {
  const named = new Set<string>();
  for (const { type, principal } of trust ? trustedPrincipals(trust) : []) {
    const user = type === 'RAM' ? /^acs:ram::\d+:user\/([^*?]+)$/.exec(principal) : null;
    if (!user) return snapshot.users;
    named.add(user[1].toLowerCase());
  }
  return snapshot.users.filter((u) => named.has(u.name.toLowerCase()) || eligible.has(u.id));
}

function parseTrust(text: string): TrustPolicyDocument | undefined {
  try {
    return parseTrustPolicyDocument(text);
  } catch {
    return undefined; // stored before validation tightened: trusts nobody rather than failing the query
  }
}
