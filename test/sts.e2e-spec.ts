import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT, UnsecuredJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { Database } from '#event-store';
import { StsTokens, STS_TOKEN_PREFIX } from '#sts';
import { httpClient, type HttpResult } from './support/http-client.js';
import { captureLogs } from './support/log-capture.js';
import { publishedEventsText } from './support/published-events.js';
import { allowPolicy, type Client, ramSetup, trustPolicy } from './support/ram-setup.js';
import { startTestService, type TestService, type TransportKind } from './support/test-service.js';

interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string;
  expiration: string;
}

describe.each<TransportKind>(['in-process', 'kafka'])('STS over HTTP (%s transport)', (transport) => {
  let running: TestService;
  let root: Client;
  let setup: ReturnType<typeof ramSetup>;
  let account: string;
  let alice: Client;
  let bob: Client;
  let carol: Client;
  let settledAt: string;
  /** Every secret and token handed out: none may appear in events or logs. */
  const secrets: string[] = [];
  let logLines: string[] = [];

  const roleArn = (roleName: string) => `acs:ram::${account}:role/${roleName}`;
  const bearer = (token: string) => httpClient(running.url, { authorization: `Bearer ${token}` });
  const assume = (as: Client, body: object, headers: Record<string, string> = {}) =>
    as.post('/v1/sts/assume-role', body, { 'ledger-min-position': settledAt, ...headers });
  const session = async (as: Client, roleName: string, extra: object = {}) => {
    const response = await assume(as, { roleArn: roleArn(roleName), roleSessionName: 'job-1', ...extra });
    expect(response.status).toBe(200);
    const credentials = response.body.credentials as Credentials;
    secrets.push(credentials.accessKeySecret, credentials.securityToken);
    return {
      ...credentials,
      client: bearer(credentials.securityToken),
      position: response.headers.get('ledger-position')!,
    };
  };
  const refusal = async (pending: Promise<HttpResult>) => {
    const response = await pending;
    return [response.status, response.body?.error?.code];
  };

  beforeAll(async () => {
    const logs = captureLogs();
    logLines = logs.lines;
    running = await startTestService(transport, logs.stream);
    account = running.service.accountId;
    root = httpClient(running.url, { authorization: `Bearer ${running.rootToken}` });
    setup = ramSetup(running.url, root);
    alice = await setup.user('alice', ['AliyunSTSAssumeRoleAccess']);
    bob = await setup.user('bob');
    carol = await setup.user('carol', ['AliyunSTSAssumeRoleAccess']);
    const user = (name: string) => `acs:ram::${account}:user/${name}`;
    await setup.role(
      'ops',
      trustPolicy([user('alice'), user('bob')]),
      ['AliyunRAMReadOnlyAccess', 'AliyunSTSAssumeRoleAccess'],
      7200,
    );
    await setup.role('vendor', trustPolicy([user('alice')], { StringEquals: { 'sts:ExternalId': 'x-123' } }));
    await setup.role('deep', trustPolicy([roleArn('ops')]), ['AliyunRAMReadOnlyAccess'], 7200);
    settledAt = await setup.settled();
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('issues credentials a RAM user can use on other endpoints, within the role permissions', async () => {
    const response = await assume(alice, {
      roleArn: roleArn('ops'),
      roleSessionName: 'deploy@ci',
      durationSeconds: 7200,
    });
    expect(response.status).toBe(200);
    const { credentials, assumedRoleUser } = response.body;
    secrets.push(credentials.accessKeySecret, credentials.securityToken);
    expect(credentials.accessKeyId).toMatch(/^STS\.[0-9A-F]{24}$/);
    expect(Date.parse(credentials.expiration) - Date.now()).toBeGreaterThan(7100_000);
    expect(assumedRoleUser).toEqual({
      arn: `acs:ram::${account}:assumed-role/ops/deploy@ci`,
      assumedRoleId: expect.stringMatching(/:deploy@ci$/),
    });
    const ops = bearer(credentials.securityToken);
    expect((await ops.get('/v1/users')).status).toBe(200); // ram:ListUsers from the role
    expect(await refusal(ops.post('/v1/users', { userName: 'eve', kind: 'human' }))).toEqual([
      403,
      'NoPermission',
    ]);
    expect(await refusal(bob.get('/v1/users'))).toEqual([403, 'NoPermission']); // bob alone has nothing
  });

  it('answers who is calling, for a session, a user and the root', async () => {
    const ops = await session(alice, 'ops');
    const identity = await ops.client.get('/v1/sts/caller-identity');
    expect(identity.status).toBe(200);
    expect(identity.body).toMatchObject({
      accountId: account,
      arn: `acs:ram::${account}:assumed-role/ops/job-1`,
      kind: 'assumed-role',
      roleName: 'ops',
      sessionName: 'job-1',
      accessKeyId: ops.accessKeyId,
      expiration: ops.expiration,
    });
    // bob holds no permission at all, and may still ask who he is.
    expect((await bob.get('/v1/sts/caller-identity')).body).toMatchObject({
      kind: 'user',
      arn: `acs:ram::${account}:user/bob`,
      userName: 'bob',
    });
    expect((await root.get('/v1/sts/caller-identity')).body).toEqual({
      accountId: account,
      arn: `acs:ram::${account}:root`,
      kind: 'root',
      principalId: account,
    });
    expect(await refusal(httpClient(running.url).get('/v1/sts/caller-identity'))).toEqual([
      401,
      'InvalidCredentials',
    ]);
  });

  it('needs both the sts:AssumeRole permission and the trust, and never serves the root', async () => {
    const body = { roleArn: roleArn('ops'), roleSessionName: 'job-1' };
    expect(await refusal(assume(carol, body))).toEqual([403, 'NoPermission']); // permission, not trusted
    expect(await refusal(assume(bob, body))).toEqual([403, 'NoPermission']); // trusted, no permission
    const asRoot = await assume(root, body);
    expect([asRoot.status, asRoot.body.error.code]).toEqual([403, 'NoPermission']);
    expect(asRoot.body.error.message).toMatch(/root/);
  });

  it('refuses every bound with a RAM-style 400 or 404', async () => {
    const ops = { roleArn: roleArn('ops'), roleSessionName: 'job-1' };
    for (const [body, code] of [
      [{ ...ops, durationSeconds: 899 }, 'InvalidParameter.DurationSeconds'],
      [{ ...ops, durationSeconds: 7201 }, 'InvalidParameter.DurationSeconds'],
      [{ ...ops, durationSeconds: '3600' }, 'InvalidParameter.DurationSeconds'],
      [
        { roleArn: roleArn('vendor'), roleSessionName: 'job-1', durationSeconds: 3601, externalId: 'x-123' },
        'InvalidParameter.DurationSeconds',
      ],
      [{ ...ops, roleSessionName: 'a' }, 'InvalidParameter.RoleSessionName'],
      [{ ...ops, roleSessionName: 'has space' }, 'InvalidParameter.RoleSessionName'],
      [{ ...ops, roleSessionName: 'x'.repeat(33) }, 'InvalidParameter.RoleSessionName'],
      [{ ...ops, policy: '{"Version":"1"' }, 'MalformedPolicyDocument'],
      [{ ...ops, policy: allowPolicy(['ram:GetUser']).padEnd(2049, ' ') }, 'InvalidParameter.Policy'],
      [{ ...ops, roleArn: 'ops' }, 'InvalidParameter.RoleArn'],
      [{ ...ops, roleArn: `acs:ram::${account}:user/alice` }, 'InvalidParameter.RoleArn'],
      [{ ...ops, extra: 1 }, 'InvalidParameter.Extra'],
      [{ roleArn: roleArn('ops') }, 'MissingParameter.RoleSessionName'],
    ] as const) {
      expect([body, await refusal(assume(alice, body))]).toEqual([body, [400, code]]);
    }
    expect(await refusal(assume(alice, { ...ops, roleArn: roleArn('nope') }))).toEqual([
      404,
      'EntityNotExist.Role',
    ]);
    expect(await refusal(assume(alice, { ...ops, roleArn: 'acs:ram::2222222222222222:role/ops' }))).toEqual([
      404,
      'EntityNotExist.Role',
    ]);
  });

  it('evaluates the sts:ExternalId condition of the trust policy', async () => {
    const vendor = { roleArn: roleArn('vendor'), roleSessionName: 'job-1' };
    expect(await refusal(assume(alice, vendor))).toEqual([403, 'NoPermission']);
    expect(await refusal(assume(alice, { ...vendor, externalId: 'x-999' }))).toEqual([403, 'NoPermission']);
    expect((await assume(alice, { ...vendor, externalId: 'x-123' })).status).toBe(200);
  });

  it('narrows a session by its session policy, in the API and in /v1/authorize', async () => {
    const narrow = await session(alice, 'ops', {
      roleSessionName: 'narrow',
      policy: allowPolicy(['ram:GetUser']),
    });
    const wait = { 'ledger-min-position': narrow.position };
    expect((await narrow.client.get('/v1/users/alice', wait)).status).toBe(200);
    expect(await refusal(narrow.client.get('/v1/users', wait))).toEqual([403, 'NoPermission']);
    const decide = async (sessionName: string, action: string) =>
      (
        await root.post(
          '/v1/authorize',
          {
            principalArn: `acs:ram::${account}:assumed-role/ops/${sessionName}`,
            action,
            resource: `acs:ram::${account}:user/alice`,
          },
          wait,
        )
      ).body.decision;
    expect(await decide('narrow', 'ram:GetUser')).toBe('Allow');
    expect(await decide('narrow', 'ram:ListUsers')).toBe('ImplicitDeny');
    // A session name with no session policy behind it gets the role's policies.
    expect(await decide('no-such-session', 'ram:ListUsers')).toBe('Allow');
  });

  it('chains a role session into another role for at most 3600 s', async () => {
    const ops = await session(alice, 'ops');
    const deep = { roleArn: roleArn('deep'), roleSessionName: 'chained' };
    expect(await refusal(assume(ops.client, { ...deep, durationSeconds: 3601 }))).toEqual([
      400,
      'InvalidParameter.DurationSeconds',
    ]);
    const chained = await assume(ops.client, { ...deep, durationSeconds: 3600 });
    expect(chained.status).toBe(200);
    secrets.push(chained.body.credentials.securityToken, chained.body.credentials.accessKeySecret);
    const identity = await bearer(chained.body.credentials.securityToken).get('/v1/sts/caller-identity');
    expect(identity.body).toMatchObject({
      arn: `acs:ram::${account}:assumed-role/deep/chained`,
      kind: 'assumed-role',
    });
    // alice herself is not trusted by deep: only sessions of ops are.
    expect(await refusal(assume(alice, deep))).toEqual([403, 'NoPermission']);
  });

  it('stops every earlier session of a role at once when revoked; later sessions work', async () => {
    const before = await session(alice, 'ops');
    expect((await before.client.get('/v1/users')).status).toBe(200);
    const revoked = await root.post('/v1/roles/ops/session-revocations');
    expect(revoked.status).toBe(201);
    expect(revoked.body).toMatchObject({ roleName: 'ops', revokedBefore: expect.any(String) });
    expect(await refusal(before.client.get('/v1/users'))).toEqual([401, 'InvalidCredentials']);
    expect(await refusal(before.client.get('/v1/sts/caller-identity'))).toEqual([401, 'InvalidCredentials']);
    const after = await session(alice, 'ops', { roleSessionName: 'after' });
    expect((await after.client.get('/v1/users')).status).toBe(200);
    expect(await refusal(bob.post('/v1/roles/ops/session-revocations'))).toEqual([403, 'NoPermission']);
    expect(await refusal(root.post('/v1/roles/nope/session-revocations'))).toEqual([
      404,
      'EntityNotExist.Role',
    ]);
  });

  it('does not honour a token of a deleted role re-created under the same name', async () => {
    await setup.role('temp', trustPolicy([`acs:ram::${account}:user/alice`]));
    settledAt = await setup.settled();
    const old = await session(alice, 'temp');
    expect((await old.client.get('/v1/sts/caller-identity')).status).toBe(200);
    expect((await root.delete('/v1/roles/temp')).status).toBe(204);
    expect(await refusal(old.client.get('/v1/sts/caller-identity'))).toEqual([401, 'InvalidCredentials']);
    await setup.role('temp', trustPolicy([`acs:ram::${account}:user/alice`]));
    settledAt = await setup.settled();
    expect(await refusal(old.client.get('/v1/sts/caller-identity'))).toEqual([401, 'InvalidCredentials']);
    const fresh = await session(alice, 'temp');
    expect((await fresh.client.get('/v1/sts/caller-identity')).status).toBe(200);
  });

  it('refuses tampered, alg none, wrong-key and expired tokens', async () => {
    const ops = await session(alice, 'ops', { roleSessionName: 'victim' });
    const jwt = ops.securityToken.slice(STS_TOKEN_PREFIX.length);
    const [header, payload, signature] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    const none = new UnsecuredJWT(claims).encode();
    const wrongKey = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(randomBytes(32));
    const elevated = Buffer.from(
      JSON.stringify({ ...claims, sts: { ...claims.sts, roleName: 'deep' } }),
    ).toString('base64url');
    for (const token of [
      `${header}.${payload}.${flipped}`,
      `${header}.${elevated}.${signature}`,
      none,
      wrongKey,
    ]) {
      expect(await refusal(bearer(`${STS_TOKEN_PREFIX}${token}`).get('/v1/sts/caller-identity'))).toEqual([
        401,
        'InvalidCredentials',
      ]);
    }
    // Signed with the deployment's own key, but already expired.
    const key = Buffer.from(
      (await readFile(join(running.config.dataDir, 'sts-signing-key'), 'utf8')).trim(),
      'base64',
    );
    const expired = new StsTokens(key).issue({
      ...claims.sts,
      issuedAt: new Date(Date.now() - 7200_000).toISOString(),
      expiration: new Date(Date.now() - 1000).toISOString(),
    });
    expect(await refusal(bearer(expired.securityToken).get('/v1/sts/caller-identity'))).toEqual([
      401,
      'TokenExpired',
    ]);
  });

  it('shows the secret and token once: an Idempotency-Key replay answers without them', async () => {
    const key = { 'idempotency-key': `assume-${transport}` };
    const body = { roleArn: roleArn('ops'), roleSessionName: 'replayed' };
    const first = await assume(alice, body, key);
    secrets.push(first.body.credentials.securityToken, first.body.credentials.accessKeySecret);
    const replay = await assume(alice, body, key);
    expect(replay.status).toBe(200);
    expect(replay.body.credentials).toEqual({
      accessKeyId: first.body.credentials.accessKeyId,
      expiration: first.body.credentials.expiration,
    });
  });

  it('records RoleAssumed and the session row, and never a secret or token in events, Kafka or logs', async () => {
    const db = new Database(running.databaseUrl, { max: 1 });
    try {
      const { rows } = await db.query<{ stream_id: string; data: Record<string, unknown> }>(
        `SELECT stream_id, data FROM events WHERE event_type = 'RoleAssumed' ORDER BY global_position LIMIT 1`,
      );
      expect(rows[0].stream_id).toBe(`sts-session-${rows[0].data.sessionId}`);
      expect(rows[0].data).toMatchObject({
        roleName: 'ops',
        callerArn: `acs:ram::${account}:user/alice`,
        callerKind: 'user',
        durationSeconds: 7200,
        chained: false,
        sourceIp: expect.any(String),
      });
      const sessions = await db.query(`SELECT * FROM role_sessions WHERE session_id = $1`, [
        rows[0].data.sessionId,
      ]);
      expect(sessions.rows[0]).toMatchObject({
        role_name: 'ops',
        caller_kind: 'user',
        role_session_name: 'deploy@ci',
      });
      const everything = await db.query<{ text: string; events: number }>(
        `SELECT string_agg(data::text || metadata::text, '\n') AS text, count(*)::int AS events FROM events`,
      );
      const { events } = everything.rows[0];
      // The events table and, on the Kafka transport, every message published from it.
      const stored = everything.rows[0].text + (await publishedEventsText(running.config, events));
      const logged = logLines.join('\n');
      expect(secrets.length).toBeGreaterThan(10);
      for (const secret of secrets) {
        expect(stored.includes(secret)).toBe(false);
        expect(logged.includes(secret)).toBe(false);
        // Nor any recognisable part of a token (its signature).
        expect(stored.includes(secret.slice(-20))).toBe(false);
      }
    } finally {
      await db.close();
    }
  });
});
