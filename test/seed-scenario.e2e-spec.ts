import { httpClient } from './support/http-client.js';
import { startTestService, type TestService, type TransportKind } from './support/test-service.js';

/**
 * The product document's scenario (../shared/seed): the account owner creates an admin and hands over; the
 * admin builds an ops group with ARMS read-only access and a programmatic user with an AccessKey; removing the
 * user from the group takes the access away at the next request that carries the removal's position.
 */
describe.each<TransportKind>(['in-process', 'kafka'])('the seed scenario (%s transport)', (transport) => {
  let running: TestService;

  beforeAll(async () => {
    running = await startTestService(transport);
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('hands over from the root to an admin, grants through a group, and revokes at the next request', async () => {
    const account = running.service.accountId;
    const root = httpClient(running.url, { authorization: `Bearer ${running.rootToken}` });

    // The root creates an admin user with administrative rights and an AccessKey, then steps back.
    expect((await root.post('/v1/users', { userName: 'admin', kind: 'human' })).status).toBe(201);
    const grant = await root.put('/v1/users/admin/policies/System/AdministratorAccess');
    expect(grant.status).toBe(201);
    const adminKey = await root.post('/v1/users/admin/access-keys');
    expect(adminKey.status).toBe(201);
    const admin = httpClient(running.url, {
      authorization: `AccessKey ${adminKey.body.accessKeyId}:${adminKey.body.accessKeySecret}`,
    });
    const sync = (response: { headers: Headers }) => ({
      'ledger-min-position': response.headers.get('ledger-position')!,
    });

    // The admin works with its own credentials from here on.
    const group = await admin.post(
      '/v1/groups',
      { groupName: 'ops', comments: 'on-call engineers' },
      sync(adminKey),
    );
    expect(group.status).toBe(201);
    expect((await admin.put('/v1/groups/ops/policies/System/AliyunARMSReadOnlyAccess')).status).toBe(201);
    expect((await admin.post('/v1/users', { userName: 'collector', kind: 'programmatic' })).status).toBe(201);
    const collectorKey = await admin.post('/v1/users/collector/access-keys');
    expect(collectorKey.status).toBe(201);
    const joined = await admin.put('/v1/groups/ops/members/collector');
    expect(joined.status).toBe(201);

    const collector = httpClient(running.url, {
      authorization: `AccessKey ${collectorKey.body.accessKeyId}:${collectorKey.body.accessKeySecret}`,
    });
    const check = (position: Record<string, string>) =>
      admin.post(
        '/v1/authorize',
        {
          principalArn: `acs:ram::${account}:user/collector`,
          action: 'arms:GetTrace',
          resource: `acs:arms:cn-hangzhou:${account}:trace/1`,
        },
        position,
      );
    const allowed = await check(sync(joined));
    expect(allowed.body.decision).toBe('Allow');
    expect(allowed.body.matchedStatements[0]).toMatchObject({
      policyType: 'System',
      policyName: 'AliyunARMSReadOnlyAccess',
    });

    // Least privilege: ARMS read-only does not let the programmatic user read RAM.
    const denied = await collector.get('/v1/users', sync(joined));
    expect([denied.status, denied.body.error.code]).toEqual([403, 'NoPermission']);

    // The group also gets RAM read-only: the collector may now list users, through its group.
    const ramRead = await admin.put('/v1/groups/ops/policies/System/AliyunRAMReadOnlyAccess');
    const listed = await collector.get('/v1/users', sync(ramRead));
    expect(listed.status).toBe(200);
    const effective = await admin.get('/v1/users/collector/effective-policies', sync(ramRead));
    expect(effective.status).toBe(200);
    expect(JSON.stringify(effective.body)).toContain('"groupName":"ops"');

    // Removed from the group: the very next request carrying the removal's position is refused.
    const left = await admin.delete('/v1/groups/ops/members/collector');
    expect(left.status).toBe(204);
    const after = await collector.get('/v1/users', sync(left));
    expect([after.status, after.body.error.code]).toEqual([403, 'NoPermission']);
    expect((await check(sync(left))).body.decision).toBe('ImplicitDeny');
  });
});
