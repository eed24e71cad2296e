import { httpClient, type HttpResult, readAtLeast } from './support/http-client.js';
import { ramSetup, trustPolicy } from './support/ram-setup.js';
import { startTestService, type TestService, type TransportKind } from './support/test-service.js';

/**
 * `npm start`'s layout: the worker on a thread of its own (apps/worker/src/thread). Its projections, relay and
 * consumers, chainer and timers run there on a pool of their own, and reads that wait for them still do.
 */
describe.each<TransportKind>(['in-process', 'kafka'])('the worker on its own thread (%s)', (transport) => {
  let running: TestService;
  let root: ReturnType<typeof httpClient>;
  const position = (answer: HttpResult) => answer.headers.get('ledger-position') ?? '0';

  beforeAll(async () => {
    running = await startTestService(transport, undefined, { workerThread: true });
    root = httpClient(running.url, { authorization: `Bearer ${running.rootToken}` });
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('keeps the projections, the chain and the timers going, and a read waits for them', async () => {
    expect(running.service.transport).toBe(transport);
    const created = await root.post('/v1/users', { userName: 'thread-user', kind: 'programmatic' });
    expect(created.status).toBe(201);
    // The projection-backed list answers once the thread's projections applied the write.
    const listed = await readAtLeast(root, '/v1/users', position(created));
    expect(listed.status).toBe(200);
    expect(listed.body.users.map((u: { userName: string }) => u.userName)).toContain('thread-user');

    // A write no projection handles (AssumeRole) is found by the thread's own watch of the log.
    const setup = ramSetup(running.url, root);
    const key = await setup.accessKey('thread-caller', ['AliyunSTSAssumeRoleAccess']);
    await setup.role(
      'thread-role',
      trustPolicy([`acs:ram::${running.service.accountId}:user/thread-caller`]),
    );
    await setup.settled();
    const assumed = await httpClient(running.url, {
      authorization: `AccessKey ${key.accessKeyId}:${key.accessKeySecret}`,
    }).post('/v1/sts/assume-role', {
      roleArn: `acs:ram::${running.service.accountId}:role/thread-role`,
      roleSessionName: 'on-a-thread',
    });
    expect(assumed.status).toBe(200);
    const group = await root.post('/v1/groups', { groupName: 'thread-group' });
    const groups = await readAtLeast(root, '/v1/groups', position(group));
    expect(groups.body.groups.map((g: { groupName: string }) => g.groupName)).toContain('thread-group');

    // The thread's chainer links every event, the AssumeRole's included.
    let integrity: HttpResult | undefined;
    for (let attempt = 0; attempt < 400; attempt++) {
      integrity = await root.get('/v1/audit/integrity');
      if (integrity.body.unchainedEvents === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(integrity?.body).toMatchObject({ unchainedEvents: 0 });

    // The thread's timers: a time-bound grant ends by itself.
    const expiresAt = new Date(Date.now() + 1000).toISOString();
    expect(
      (await root.put('/v1/users/thread-user/policies/System/AliyunARMSReadOnlyAccess', { expiresAt }))
        .status,
    ).toBe(201);
    let expired: { events: unknown[] } | undefined;
    for (let attempt = 0; attempt < 400 && !expired?.events.length; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      expired = (await root.get('/v1/audit/events?type=PolicyAttachmentExpired')).body;
    }
    expect(expired?.events).toHaveLength(1);

    // Readiness reads the lags the thread's projections leave: none once they caught up.
    const ready = await httpClient(running.url).get('/health/ready');
    expect(ready.status).toBe(200);
  });
});
