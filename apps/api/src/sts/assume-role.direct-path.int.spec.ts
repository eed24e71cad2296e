import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Database } from '#event-store';
import { createLogger } from '#runtime';
import { httpClient, type HttpResult } from '../../../../test/support/http-client.js';
import { captureLogs } from '../../../../test/support/log-capture.js';
import { type Client, ramSetup, trustPolicy } from '../../../../test/support/ram-setup.js';
import { startTestService, type TestService } from '../../../../test/support/test-service.js';
import { ServiceMetrics } from '../ops/metrics.js';
import { assumeRoleDirectPath } from './assume-role.direct-path.js';

const listen = (handler: (req: IncomingMessage, res: ServerResponse) => void) =>
  new Promise<{ server: Server; url: string }>((resolve) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    );
  });

/**
 * The direct path against the framework's route on the same application: two front doors, one through
 * `assumeRoleDirectPath` (Express for what it leaves), one through Express alone. Every answer must be the
 * same but for the fresh ids and secrets, and the direct one must record the same event and row.
 */
describe('AssumeRole direct path', () => {
  let running: TestService;
  let direct: { server: Server; url: string };
  let framework: { server: Server; url: string };
  let account: string;
  let setup: ReturnType<typeof ramSetup>;
  let keys: { alice: string; bob: string };
  const logs = captureLogs();
  const secrets: string[] = [];

  beforeAll(async () => {
    running = await startTestService('in-process');
    account = running.service.accountId;
    const { app } = running.service;
    const viaExpress = app.getHttpAdapter().getInstance() as (
      req: IncomingMessage,
      res: ServerResponse,
    ) => void;
    const json = express.json({
      limit: 64 * 1024,
      strict: true,
      type: ['application/json', 'application/*+json'],
    });
    const assumeRole = assumeRoleDirectPath(app, {
      log: createLogger('debug', logs.stream),
      metrics: app.get(ServiceMetrics),
      readBody: (req, res) =>
        new Promise((resolve, reject) =>
          json(req as never, res as never, (error?: unknown) =>
            error ? reject(error) : resolve((req as { body?: unknown }).body),
          ),
        ),
    });
    direct = await listen((req, res) => assumeRole(req, res) || viaExpress(req, res));
    framework = await listen(viaExpress);
    setup = ramSetup(running.url, httpClient(running.url, { authorization: `Bearer ${running.rootToken}` }));
    const alice = await setup.accessKey('alice', ['AliyunSTSAssumeRoleAccess']);
    const bob = await setup.accessKey('bob');
    keys = {
      alice: `AccessKey ${alice.accessKeyId}:${alice.accessKeySecret}`,
      bob: `AccessKey ${bob.accessKeyId}:${bob.accessKeySecret}`,
    };
    await setup.role('ops', trustPolicy([`acs:ram::${account}:user/alice`, `acs:ram::${account}:user/bob`]));
    await setup.role('strangers', trustPolicy([`acs:ram::${account}:user/nobody`]));
    await setup.settled();
  });

  afterAll(async () => {
    direct?.server.close();
    framework?.server.close();
    await running?.stop();
  });

  const body = (roleName: string, extra: object = {}) => ({
    roleArn: `acs:ram::${account}:role/${roleName}`,
    roleSessionName: 'job-1',
    ...extra,
  });
  /** The same call through both doors: [direct, framework]. */
  const both = async (call: (client: Client) => Promise<HttpResult>, authorization?: string) => {
    const headers: Record<string, string> = authorization ? { authorization } : {};
    const answers = await Promise.all([
      call(httpClient(direct.url, headers)),
      call(httpClient(framework.url, headers)),
    ]);
    for (const answer of answers) {
      const credentials = answer.body?.credentials;
      if (credentials?.securityToken) secrets.push(credentials.securityToken, credentials.accessKeySecret);
    }
    return answers;
  };
  const shape = (answer: HttpResult) => ({
    status: answer.status,
    code: answer.body?.error?.code,
    // Express words a body over the limit itself ('request entity too large'); the direct path, as the
    // decision endpoints' one, says it with the service's error model. The status and code are the same.
    message: answer.status === 413 ? undefined : answer.body?.error?.message,
    requestIdEchoed: answer.body?.error
      ? answer.body.error.requestId === answer.headers.get('x-request-id')
      : true,
    contentType: answer.headers.get('content-type'),
    positioned: answer.headers.get('ledger-position') !== null,
  });

  it('issues the same credentials: body, headers, the RoleAssumed event and role_sessions row', async () => {
    const [viaDirect, viaFramework] = await both(
      (c) => c.post('/v1/sts/assume-role', body('ops'), { 'x-correlation-id': 'corr-direct-1' }),
      keys.alice,
    );
    expect(shape(viaDirect)).toEqual(shape(viaFramework));
    expect(viaDirect.status).toBe(200);
    expect(Object.keys(viaDirect.body).sort()).toEqual(Object.keys(viaFramework.body).sort());
    expect(Object.keys(viaDirect.body.credentials).sort()).toEqual(
      Object.keys(viaFramework.body.credentials).sort(),
    );
    expect(viaDirect.body.assumedRoleUser).toEqual(viaFramework.body.assumedRoleUser);
    const identity = await httpClient(running.url, {
      authorization: `Bearer ${viaDirect.body.credentials.securityToken}`,
    }).get('/v1/sts/caller-identity');
    expect(identity.body.arn).toBe(`acs:ram::${account}:assumed-role/ops/job-1`);

    const db = new Database(running.databaseUrl, { max: 1 });
    try {
      const { rows } = await db.query<{ position: number; metadata: Record<string, string>; row: boolean }>(
        `SELECT e.global_position AS position, e.metadata,
                EXISTS (SELECT 1 FROM role_sessions s WHERE s.session_id = e.data->>'sessionId') AS row
         FROM events e WHERE e.event_type = 'RoleAssumed' AND e.data->>'accessKeyId' = $1`,
        [viaDirect.body.credentials.accessKeyId],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].row).toBe(true);
      expect(String(rows[0].position)).toBe(viaDirect.headers.get('ledger-position'));
      expect(rows[0].metadata).toMatchObject({
        actorArn: `acs:ram::${account}:user/alice`,
        requestId: viaDirect.headers.get('x-request-id'),
        correlationId: 'corr-direct-1',
        sourceIp: '127.0.0.1',
      });
    } finally {
      await db.close();
    }
  });

  it.each<[string, (c: Client) => Promise<HttpResult>, string | undefined]>([
    ['no credentials', (c) => c.post('/v1/sts/assume-role', body('ops')), undefined],
    [
      'a wrong secret',
      (c) => c.post('/v1/sts/assume-role', body('ops')),
      'AccessKey LTAI00000000000000000000:nope',
    ],
    ['the root', (c) => c.post('/v1/sts/assume-role', body('ops')), 'root'],
    ['no sts:AssumeRole permission', (c) => c.post('/v1/sts/assume-role', body('ops')), 'bob'],
    [
      'a role that does not trust the caller',
      (c) => c.post('/v1/sts/assume-role', body('strangers')),
      'alice',
    ],
    ['a missing role', (c) => c.post('/v1/sts/assume-role', body('nope')), 'alice'],
    [
      'another account',
      (c) => c.post('/v1/sts/assume-role', { ...body('ops'), roleArn: 'acs:ram::1:role/ops' }),
      'alice',
    ],
    ['an unknown field', (c) => c.post('/v1/sts/assume-role', body('ops', { extra: 1 })), 'alice'],
    [
      'a bad session name',
      (c) => c.post('/v1/sts/assume-role', body('ops', { roleSessionName: 'a b' })),
      'alice',
    ],
    ['malformed JSON', (c) => c.post('/v1/sts/assume-role', '{"roleArn":'), 'alice'],
    [
      'a body over 64 KiB',
      (c) => c.post('/v1/sts/assume-role', body('ops', { policy: 'x'.repeat(70_000) })),
      'alice',
    ],
    [
      'a bad Ledger-Min-Position',
      (c) => c.post('/v1/sts/assume-role', body('ops'), { 'ledger-min-position': 'x' }),
      'alice',
    ],
  ])('refuses %s exactly as the framework route does', async (_case, call, who) => {
    const authorization =
      who === 'alice'
        ? keys.alice
        : who === 'bob'
          ? keys.bob
          : who === 'root'
            ? `Bearer ${running.rootToken}`
            : who;
    const [viaDirect, viaFramework] = await both(call, authorization);
    expect(viaDirect.status).toBeGreaterThanOrEqual(400);
    expect(shape(viaDirect)).toEqual(shape(viaFramework));
  });

  it('refuses a key deactivated or deleted after it was read here, whatever else is wrong, and writes nothing', async () => {
    const root = httpClient(running.url, { authorization: `Bearer ${running.rootToken}` });
    const carol = await setup.accessKey('carol', ['AliyunSTSAssumeRoleAccess']);
    const carolKey = `AccessKey ${carol.accessKeyId}:${carol.accessKeySecret}`;
    await setup.role('carols', trustPolicy([`acs:ram::${account}:user/carol`]));
    await setup.settled();
    const viaDirect = (roleName: string, key = carolKey, extra: object = {}) =>
      httpClient(direct.url, { authorization: key }).post('/v1/sts/assume-role', body(roleName, extra));
    const sessionsOfCarol = async () => {
      const db = new Database(running.databaseUrl, { max: 1 });
      try {
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM events
           WHERE event_type = 'RoleAssumed' AND data->>'callerArn' = $1`,
          [`acs:ram::${account}:user/carol`],
        );
        return rows[0].n;
      } finally {
        await db.close();
      }
    };
    // The first use reads the key; the next ones take it from memory and their write confirms it.
    expect((await viaDirect('carols')).status).toBe(200);
    expect((await viaDirect('carols')).status).toBe(200);
    expect(await sessionsOfCarol()).toBe(2);

    const keyPath = `/v1/users/carol/access-keys/${carol.accessKeyId}`;
    const setStatus = async (status: string) =>
      expect((await root.patch(keyPath, { status })).status).toBe(200);
    await setStatus('Inactive');
    // Alone, and in one batch with a caller whose key holds: only carol's request is refused.
    const [refused, alongside] = await Promise.all([viaDirect('carols'), viaDirect('ops', keys.alice)]);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'InvalidCredentials']);
    expect(alongside.status).toBe(200);
    // Each time from memory (a use since the key was active again): the body, the trust and the role are
    // never answered for a key that no longer holds.
    for (const [roleName, extra] of [
      ['carols', { extra: 1 }],
      ['strangers', {}],
      ['nope', {}],
    ] as const) {
      await setStatus('Active');
      expect((await viaDirect('carols')).status).toBe(200);
      await setStatus('Inactive');
      const answer = await viaDirect(roleName, carolKey, extra);
      expect([answer.status, answer.body.error.code]).toEqual([401, 'InvalidCredentials']);
    }
    expect(await sessionsOfCarol()).toBe(5);

    await setStatus('Active');
    expect((await viaDirect('carols')).status).toBe(200);
    expect((await root.delete(keyPath)).status).toBe(204);
    expect((await viaDirect('carols')).status).toBe(401);
    expect(await sessionsOfCarol()).toBe(6);
  });

  it('waits for Ledger-Min-Position, and leaves Idempotency-Key requests to the framework (replayed alike)', async () => {
    const first = await httpClient(direct.url, { authorization: keys.alice }).post(
      '/v1/sts/assume-role',
      body('ops'),
    );
    const position = first.headers.get('ledger-position')!;
    const [waited] = await both(
      (c) => c.post('/v1/sts/assume-role', body('ops'), { 'ledger-min-position': position }),
      keys.alice,
    );
    expect(waited.status).toBe(200);
    const client = httpClient(direct.url, { authorization: keys.alice, 'idempotency-key': 'direct-once' });
    const once = await client.post('/v1/sts/assume-role', body('ops'));
    const replay = await client.post('/v1/sts/assume-role', body('ops'));
    expect([once.status, replay.status]).toEqual([200, 200]);
    expect(replay.body.credentials.accessKeyId).toBe(once.body.credentials.accessKeyId);
    expect(replay.body.credentials.securityToken).toBeUndefined();
    secrets.push(once.body.credentials.securityToken, once.body.credentials.accessKeySecret);
  });

  it('logs each request as the framework does, and never a secret or token', () => {
    const requests = logs.lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request');
    expect(requests.length).toBeGreaterThan(0);
    expect(requests[0]).toMatchObject({ method: 'POST', route: '/v1/sts/assume-role' });
    const text = logs.lines.join('');
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toContain(keys.alice.split(':')[1]);
  });
});
