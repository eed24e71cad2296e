import { randomUUID } from 'node:crypto';
import { newStsAccessKeyId, type SessionClaims, type StsTokens } from '#sts';

/** The AssumeRole body the benchmark sends. */
export interface BareAssumeRoleBody {
  roleArn: string;
  roleSessionName: string;
  durationSeconds?: number;
}

/** A session's claims as the bare baselines make them: no checks, a fixed role id and caller. */
export function bareSessionClaims(body: BareAssumeRoleBody, account: string): SessionClaims {
  const roleName = body.roleArn.slice(body.roleArn.lastIndexOf('/') + 1);
  const now = new Date();
  return {
    sessionId: randomUUID(),
    accessKeyId: newStsAccessKeyId(),
    roleId: 'role-id',
    roleName,
    roleSessionName: body.roleSessionName,
    callerArn: `acs:ram::${account}:user/bench`,
    callerKind: 'user',
    callerPrincipalId: 'user-id',
    mfaPresent: false,
    chained: false,
    issuedAt: now.toISOString(),
    expiration: new Date(now.getTime() + (body.durationSeconds ?? 3600) * 1000).toISOString(),
  };
}

/** The AssumeRole answer for `claims`: the token signed with the same `StsTokens.issue` as the service's. */
export function bareAssumeRoleAnswer(tokens: StsTokens, claims: SessionClaims, account: string) {
  const { securityToken, accessKeySecret } = tokens.issue(claims);
  return {
    credentials: {
      accessKeyId: claims.accessKeyId,
      accessKeySecret,
      securityToken,
      expiration: claims.expiration,
    },
    assumedRoleUser: {
      arn: `acs:ram::${account}:assumed-role/${claims.roleName}/${claims.roleSessionName}`,
      assumedRoleId: `${claims.roleId}:${claims.roleSessionName}`,
    },
  };
}
