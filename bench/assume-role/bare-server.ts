import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { newStsAccessKeyId, StsTokens } from '#sts';

/**
 * The baseline: a bare node:http server that answers AssumeRole by signing the same token with the same
 * jose call (StsTokens.issue, same key): no framework, no authentication, no checks, no database.
 */
const tokens = new StsTokens(Buffer.from(process.env.STS_SIGNING_KEY!, 'base64'));
const ACCOUNT = process.env.ACCOUNT_ID!;

async function assumeRole(body: { roleArn: string; roleSessionName: string; durationSeconds?: number }) {
  const roleName = body.roleArn.slice(body.roleArn.lastIndexOf('/') + 1);
  const now = new Date();
  const sessionId = randomUUID();
  const accessKeyId = newStsAccessKeyId();
  const expiration = new Date(now.getTime() + (body.durationSeconds ?? 3600) * 1000).toISOString();
  const { securityToken, accessKeySecret } = await tokens.issue({
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

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    void assumeRole(JSON.parse(Buffer.concat(chunks).toString('utf8'))).then((answer) => {
      const text = JSON.stringify(answer);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`LISTENING http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
