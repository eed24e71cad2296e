import type { PermissionGraph } from '#identity';

const SESSION = /^acs:ram::\d+:assumed-role\/([^/]+)\/[^/]+$/;
const MAX_CHAIN = 5;

/**
 * Who is behind a role session: the callers recorded by its RoleAssumed (a chained session's caller is itself
 * a session, followed further). A session name may be reused, so every live session with that ARN counts.
 * Empty for a user or the root. Separation of duties uses it: a proposer does not approve through a session.
 */
export function sessionSources(model: PermissionGraph, arn: string, now: Date, depth = 0): string[] {
  const match = SESSION.exec(arn);
  const roleId = match && model.roleIdByName(match[1]!);
  if (!roleId || depth >= MAX_CHAIN) return [];
  const callers = model
    .recentRoleSessions(roleId, now)
    .filter((s) => s.assumedRoleArn.toLowerCase() === arn.toLowerCase())
    .map((s) => s.callerArn);
  return [
    ...new Set(callers.flatMap((caller) => [caller, ...sessionSources(model, caller, now, depth + 1)])),
  ];
}
