import { randomUUID } from 'node:crypto';
import { newStsAccessKeyId, StsTokens } from '#sts';
import { serveJson } from '../support/bare-json-server.js';

/**
 * The baseline: a bare node:http server that answers AssumeRole by signing the same token with the same
 * jose call (StsTokens.issue, same key): no framework, no authentication, no checks, no database.
 */
const tokens = new StsTokens(Buffer.from(process.env.STS_SIGNING_KEY!, 'base64'));
const ACCOUNT = process.env.ACCOUNT_ID!;

function assumeRole(body: { roleArn: string; roleSessionName: string; durationSeconds?: number }) {
  const roleName = body.roleArn.slice(body.roleArn.lastIndexOf('/') + 1);
  const now = new Date();
  const sessionId = randomUUID();
  const accessKeyId = newStsAccessKeyId();
  const expiration = new Date(now.getTime() + (body.durationSeconds ?? 3600) * 1000).toISOString();
  const { securityToken, accessKeySecret } = tokens.issue({
    sessionId,
    accessKeyId,
    roleId: 'role-id',
    roleName,
    roleSessionName: body.roleSessionName,
    callerArn: `acs:ram::${ACCOUNT}:user/bench`,
    callerKind: 'user',
    callerPrincipalId: 'user-id',
    mfaPresent: false,
    chained: false,
    issuedAt: now.toISOString(),
    expiration,
  });
  return {
    credentials: { accessKeyId, accessKeySecret, securityToken, expiration },
    assumedRoleUser: {
      arn: `acs:ram::${ACCOUNT}:assumed-role/${roleName}/${body.roleSessionName}`,
      assumedRoleId: `role-id:${body.roleSessionName}`,
    },
  };
}

serveJson((_path, body) => assumeRole(body as Parameters<typeof assumeRole>[0]));
