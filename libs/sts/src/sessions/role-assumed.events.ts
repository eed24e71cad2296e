import type { DomainEvent } from '#event-store';

export type CallerKind = 'user' | 'assumed-role';

/**
 * One AssumeRole, alone on its stream `sts-session-<sessionId>`. Who assumed which role, for how long and
 * from where; `accessKeyId` is the public STS id. The secret and the token are never part of it.
 */
export type RoleAssumed = DomainEvent<
  'RoleAssumed',
  {
    sessionId: string;
    roleId: string;
    roleName: string;
    roleSessionName: string;
    assumedRoleArn: string;
    assumedRoleId: string;
    accessKeyId: string;
    callerArn: string;
    callerKind: CallerKind;
    callerPrincipalId: string;
    durationSeconds: number;
    issuedAt: string;
    expiration: string;
    sourceIp?: string;
    /** The session policy's text: it narrows the session and is not a secret. */
    sessionPolicy?: string;
    /** The caller was itself a role session (role chaining, at most 3600 s). */
    chained: boolean;
  }
>;

export const sessionStreamId = (sessionId: string) => `sts-session-${sessionId}`;
