import { arn, DomainError, entityNotExist, invalidParameter } from '#common';
import type { ExistingRole, RoleState } from '#identity';
import { parsePolicyDocument, SESSION_POLICY_MAX_LENGTH } from '#policy';
import type { RoleAssumed } from '../../sessions/role-assumed.events.js';
import { type AssumingCaller, callerIsTrusted } from './caller-trust.js';

export const MIN_DURATION_SECONDS = 900;
export const DEFAULT_DURATION_SECONDS = 3600;
/** A role session assuming another role (role chaining) gets at most one hour, as in RAM and IAM. */
export const CHAINED_MAX_DURATION_SECONDS = 3600;
const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,32}$/;

export interface AssumeRoleCommand {
  sessionId: string;
  accessKeyId: string;
  accountId: string;
  caller: AssumingCaller | { kind: 'root'; arn: string };
  /** The role name as the request's ARN spelled it (for messages); the role state holds the real one. */
  roleName: string;
  roleSessionName: string;
  durationSeconds?: number;
  policy?: string;
  externalId?: string;
  sourceIp?: string;
  now: Date;
}

/** The root account never assumes a role (RAM): only RAM users and role sessions do. */
export function refuseRootCaller<C extends { kind: string }>(
  caller: C,
): C & { kind: 'user' | 'assumed-role' } {
  if (caller.kind !== 'user' && caller.kind !== 'assumed-role') {
    throw new DomainError(
      'NoPermission',
      'The root account cannot assume a role: call AssumeRole as a RAM user or a role session',
      403,
    );
  }
  return caller as C & { kind: 'user' | 'assumed-role' };
}

/** AssumeRole on the role's current state: every bound, the trust policy, then the session's record. */
export function decideAssumeRole(command: AssumeRoleCommand, state: RoleState): RoleAssumed[] {
  const { now } = command;
  const caller = refuseRootCaller(command.caller);
  if (state.status !== 'active') throw entityNotExist('Role', command.roleName);
  if (!SESSION_NAME.test(command.roleSessionName)) {
    throw invalidParameter(
      'RoleSessionName',
      'roleSessionName must be 2-32 characters of A-Z, a-z, 0-9, ".", "@", "_" and "-"',
    );
  }
  const chained = caller.kind === 'assumed-role';
  const durationSeconds = checkDuration(command.durationSeconds, state, chained);
  if (command.policy !== undefined)
    parsePolicyDocument(command.policy, { maxLength: SESSION_POLICY_MAX_LENGTH });
  if (!callerIsTrusted(state, caller, { externalId: command.externalId, sourceIp: command.sourceIp, now })) {
    throw new DomainError(
      'NoPermission',
      `The trust policy of role ${state.roleName} does not allow ${caller.arn} to assume it`,
      403,
    );
  }
  return [
    {
      type: 'RoleAssumed',
      schemaVersion: 1,
      data: {
        sessionId: command.sessionId,
        roleId: state.roleId,
        roleName: state.roleName,
        roleSessionName: command.roleSessionName,
        assumedRoleArn: arn.assumedRole(command.accountId, state.roleName, command.roleSessionName),
        assumedRoleId: `${state.roleId}:${command.roleSessionName}`,
        accessKeyId: command.accessKeyId,
        callerArn: caller.arn,
        callerKind: caller.kind,
        callerPrincipalId: caller.principalId,
        durationSeconds,
        issuedAt: now.toISOString(),
        expiration: new Date(now.getTime() + durationSeconds * 1000).toISOString(),
        ...(command.sourceIp !== undefined && { sourceIp: command.sourceIp }),
        ...(command.policy !== undefined && { sessionPolicy: command.policy }),
        chained,
      },
    },
  ];
}

function checkDuration(requested: number | undefined, role: ExistingRole, chained: boolean): number {
  const duration = requested ?? DEFAULT_DURATION_SECONDS;
  const max = chained
    ? Math.min(CHAINED_MAX_DURATION_SECONDS, role.maxSessionDuration)
    : role.maxSessionDuration;
  if (!Number.isInteger(duration) || duration < MIN_DURATION_SECONDS || duration > max) {
    throw invalidParameter(
      'DurationSeconds',
      chained
        ? `durationSeconds must be an integer from ${MIN_DURATION_SECONDS} to ${max}: a role session assuming a role gets at most ${CHAINED_MAX_DURATION_SECONDS}`
        : `durationSeconds must be an integer from ${MIN_DURATION_SECONDS} to ${max} (the role's maxSessionDuration)`,
    );
  }
  return duration;
}
