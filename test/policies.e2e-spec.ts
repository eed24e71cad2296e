import { Database } from '#event-store';
import { httpClient, type HttpResult } from './support/http-client.js';
import { startTestService, type TestService, type TransportKind } from './support/test-service.js';

const doc = (...actions: string[]) =>
  JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

describe.each<TransportKind>(['in-process', 'kafka'])(
  'policies and grants over HTTP (%s transport)',
  (transport) => {
    let running: TestService;
    let api: ReturnType<typeof httpClient>;
    let db: Database;

    beforeAll(async () => {
      running = await startTestService(transport);
      api = httpClient(running.url, { authorization: `Bearer ${running.rootToken}` });
      db = new Database(running.databaseUrl, { max: 2 });
    });

    afterAll(async () => {
      await db?.close();
      await running?.stop();
    });

    const countEvents = async () =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`)).rows[0].n;
    const at = (response: HttpResult) => ({
      'ledger-min-position': response.headers.get('ledger-position')!,
    });
    // Ledger-Min-Position covers the stream of the write it names; over Kafka other streams may lag, so a read
    // that joins several streams waits for each write it depends on.
    const settle = async (...writes: HttpResult[]) => {
      for (const write of writes) expect((await api.get('/v1/policies?limit=1', at(write))).status).toBe(200);
    };
    const codeOf = (response: HttpResult) => [response.status, response.body?.error?.code];
    const created = async (path: string, body: unknown) => {
      const response = await api.post(path, body);
      expect([response.status, response.body]).toEqual([201, expect.anything()]);
      return response;
    };
    const policy = (policyName: string, document = doc('arms:Get*')) =>
      created('/v1/policies', { policyName, policyDocument: document });

    it('serves the system policies from the start, with their documents', async () => {
      const list = await api.get('/v1/policies?policyType=System');
      expect(list.status).toBe(200);
      expect(list.body.policies.map((p: { policyName: string }) => p.policyName)).toEqual(
        expect.arrayContaining([
          'AdministratorAccess',
          'AliyunARMSReadOnlyAccess',
          'AliyunSTSAssumeRoleAccess',
        ]),
      );
      const admin = await api.get('/v1/policies/System/administratoraccess');
      expect(admin.body).toMatchObject({
        policyType: 'System',
        policyName: 'AdministratorAccess',
        defaultVersion: 'v1',
        attachmentCount: 0,
      });
      expect(JSON.parse(admin.body.policyDocument).Statement[0]).toMatchObject({
        Action: '*',
        Resource: '*',
      });
      const versions = await api.get('/v1/policies/System/AdministratorAccess/versions');
      expect(versions.body.versions).toEqual([
        expect.objectContaining({ versionId: 'v1', isDefaultVersion: true }),
      ]);
      expect(codeOf(await api.get('/v1/policies/System/NoSuchPolicy'))).toEqual([
        404,
        'EntityNotExist.Policy',
      ]);
      expect(codeOf(await api.get('/v1/policies/Managed/AdministratorAccess'))).toEqual([
        400,
        'InvalidParameter.PolicyType',
      ]);
    });

    it('creates a custom policy and manages its versions', async () => {
      const createdPolicy = await policy('ops-read');
      expect(createdPolicy.body).toMatchObject({
        policyType: 'Custom',
        policyName: 'ops-read',
        defaultVersion: 'v1',
        policyDocument: doc('arms:Get*'),
      });
      const read = await api.get('/v1/policies/Custom/OPS-READ', at(createdPolicy));
      expect(read.body).toMatchObject({ policyName: 'ops-read', defaultVersion: 'v1', attachmentCount: 0 });
      expect(read.body.policyDocument).toBe(doc('arms:Get*'));

      const v2 = await created('/v1/policies/Custom/ops-read/versions', {
        policyDocument: doc('arms:List*'),
      });
      expect(v2.body).toMatchObject({
        versionId: 'v2',
        isDefaultVersion: false,
        policyDocument: doc('arms:List*'),
      });
      const v3 = await created('/v1/policies/Custom/ops-read/versions', {
        policyDocument: doc('arms:Describe*'),
        setAsDefault: true,
      });
      expect(v3.body).toMatchObject({ versionId: 'v3', isDefaultVersion: true });
      expect((await api.get('/v1/policies/Custom/ops-read', at(v3))).body).toMatchObject({
        defaultVersion: 'v3',
        policyDocument: doc('arms:Describe*'),
      });

      const setDefault = await api.put('/v1/policies/Custom/ops-read/default-version', { versionId: 'v2' });
      expect([setDefault.status, setDefault.body]).toEqual([
        200,
        expect.objectContaining({ versionId: 'v2' }),
      ]);
      expect(codeOf(await api.delete('/v1/policies/Custom/ops-read/versions/v2'))).toEqual([
        409,
        'DeleteConflict.PolicyVersion.Default',
      ]);
      const deleted = await api.delete('/v1/policies/Custom/ops-read/versions/v1');
      expect(deleted.status).toBe(204);
      expect(codeOf(await api.delete('/v1/policies/Custom/ops-read/versions/v1'))).toEqual([
        404,
        'EntityNotExist.PolicyVersion',
      ]);
      const versions = await api.get('/v1/policies/Custom/ops-read/versions', at(deleted));
      expect(versions.body.versions.map((v: { versionId: string }) => v.versionId)).toEqual(['v2', 'v3']);

      // Five versions at most; ids are never reused.
      let last = deleted;
      for (const n of [4, 5, 6]) {
        last = await created('/v1/policies/Custom/ops-read/versions', { policyDocument: doc(`a:b${n}`) });
      }
      expect(last.body.versionId).toBe('v6');
      const sixth = await api.post('/v1/policies/Custom/ops-read/versions', { policyDocument: doc('a:b7') });
      expect(codeOf(sixth)).toEqual([409, 'LimitExceeded.Policy.Version']);
      const list = await api.get('/v1/policies?policyType=Custom', at(last));
      expect(list.body.policies.map((p: { policyName: string }) => p.policyName)).toContain('ops-read');
      const all = await api.get('/v1/policies?limit=2', at(last));
      expect(all.body.policies).toHaveLength(2);
      const rest = await api.get(`/v1/policies?limit=1000&cursor=${all.body.nextCursor}`);
      const names = [...all.body.policies, ...rest.body.policies].map(
        (p: { policyName: string }) => p.policyName,
      );
      expect(names).toEqual(expect.arrayContaining(['ops-read', 'AdministratorAccess']));
      expect(new Set(names).size).toBe(names.length);
    });

    it.each([
      [{ policyName: 'bad name', policyDocument: doc('a:b') }, 400, 'InvalidParameter.PolicyName'],
      [{ policyName: 'x'.repeat(129), policyDocument: doc('a:b') }, 400, 'InvalidParameter.PolicyName'],
      [{ policyName: 'AdministratorAccess', policyDocument: doc('a:b') }, 409, 'EntityAlreadyExists.Policy'],
      [{ policyName: 'no-doc' }, 400, 'MissingParameter.PolicyDocument'],
      [{ policyName: 'obj-doc', policyDocument: { Version: '1' } }, 400, 'InvalidParameter.PolicyDocument'],
      [
        { policyName: 'extra', policyDocument: doc('a:b'), policyId: 'mine' },
        400,
        'InvalidParameter.PolicyId',
      ],
      [
        { policyName: 'extra', policyDocument: doc('a:b'), createDate: '2020-01-01' },
        400,
        'InvalidParameter.CreateDate',
      ],
    ])('refuses %j with %i %s and appends nothing', async (body, status, code) => {
      const before = await countEvents();
      expect(codeOf(await api.post('/v1/policies', body))).toEqual([status, code]);
      expect(await countEvents()).toBe(before);
    });

    it('refuses malformed documents with the path of the fault', async () => {
      const bad = JSON.stringify({
        Version: '1',
        Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*', Bogus: 1 }],
      });
      const malformed = await api.post('/v1/policies', { policyName: 'malformed', policyDocument: bad });
      expect(codeOf(malformed)).toEqual([400, 'MalformedPolicyDocument']);
      expect(malformed.body.error.message).toContain('$.Statement[0]');
      const duplicate = await api.post('/v1/policies', {
        policyName: 'duplicate-keys',
        policyDocument:
          '{"Version":"1","Statement":[{"Effect":"Allow","Effect":"Deny","Action":"a:b","Resource":"*"}]}',
      });
      expect(codeOf(duplicate)).toEqual([400, 'MalformedPolicyDocument']);
      expect(duplicate.body.error.message).toMatch(/duplicate/i);
      const long = doc(...Array.from({ length: 400 }, (_, i) => `arms:GetSomethingLong${i}`));
      expect(long.length).toBeGreaterThan(6144);
      const tooLong = await api.post('/v1/policies', { policyName: 'too-long', policyDocument: long });
      expect(codeOf(tooLong)).toEqual([400, 'MalformedPolicyDocument']);
      expect(tooLong.body.error.message).toContain('6144');
      await policy('versioned-bad');
      const badVersion = await api.post('/v1/policies/Custom/versioned-bad/versions', {
        policyDocument: '{',
      });
      expect(codeOf(badVersion)).toEqual([400, 'MalformedPolicyDocument']);
      expect(
        codeOf(
          await api.post('/v1/policies/System/AdministratorAccess/versions', { policyDocument: doc('a:b') }),
        ),
      ).toEqual([400, 'InvalidParameter.PolicyType']);
    });

    it('answers 409 for a duplicate custom name, case-insensitively', async () => {
      await policy('dup-policy');
      expect(
        codeOf(await api.post('/v1/policies', { policyName: 'DUP-policy', policyDocument: doc('a:b') })),
      ).toEqual([409, 'EntityAlreadyExists.Policy']);
    });

    it('grants and revokes system and custom policies on users, groups and roles', async () => {
      await created('/v1/users', { userName: 'gina', kind: 'human' });
      await created('/v1/groups', { groupName: 'ops' });
      const ginaCustom = await policy('gina-custom');
      const grant = await api.put('/v1/users/gina/policies/System/aliyunarmsreadonlyaccess');
      expect(grant.status).toBe(201);
      expect(grant.body).toMatchObject({
        principalType: 'User',
        principalName: 'gina',
        policyType: 'System',
        policyName: 'AliyunARMSReadOnlyAccess',
      });
      const again = await api.put('/v1/users/GINA/policies/System/AliyunARMSReadOnlyAccess');
      expect([again.status, again.body.attachmentId]).toEqual([200, grant.body.attachmentId]);
      const custom = await api.put('/v1/users/gina/policies/Custom/gina-custom', {});
      expect(custom.status).toBe(201);
      const groupGrant = await api.put('/v1/groups/ops/policies/Custom/gina-custom');
      expect(groupGrant.status).toBe(201);

      const listed = await api.get('/v1/users/gina/policies', at(custom));
      expect(listed.body.policies).toEqual([
        expect.objectContaining({
          policyType: 'Custom',
          policyName: 'gina-custom',
          attachedBy: expect.stringMatching(/:root$/),
        }),
        expect.objectContaining({ policyType: 'System', policyName: 'AliyunARMSReadOnlyAccess' }),
      ]);
      await settle(ginaCustom, grant, groupGrant);
      const holders = await api.get('/v1/policies/Custom/gina-custom/attachments', at(custom));
      expect(
        holders.body.attachments.map(
          (a: { principalType: string; principalName: string }) => `${a.principalType}:${a.principalName}`,
        ),
      ).toEqual(['Group:ops', 'User:gina']);
      expect((await api.get('/v1/policies/Custom/gina-custom', at(groupGrant))).body.attachmentCount).toBe(2);

      expect(codeOf(await api.delete('/v1/policies/Custom/gina-custom'))).toEqual([
        409,
        'DeleteConflict.Policy.User',
      ]);
      const detached = await api.delete('/v1/users/gina/policies/Custom/gina-custom');
      expect(detached.status).toBe(204);
      expect(codeOf(await api.delete('/v1/policies/Custom/gina-custom'))).toEqual([
        409,
        'DeleteConflict.Policy.Group',
      ]);
      const revoked = await api.delete('/v1/groups/ops/policies/Custom/gina-custom');
      expect(revoked.status).toBe(204);
      expect(codeOf(await api.delete('/v1/groups/ops/policies/Custom/gina-custom'))).toEqual([
        404,
        'EntityNotExist.PolicyAttachment',
      ]);
      expect((await api.get('/v1/users/gina/policies', at(detached))).body.policies).toHaveLength(1);
      const deleted = await api.delete('/v1/policies/Custom/gina-custom');
      expect(deleted.status).toBe(204);
      expect(codeOf(await api.get('/v1/policies/Custom/gina-custom', at(deleted)))).toEqual([
        404,
        'EntityNotExist.Policy',
      ]);
      // The name is free again, and the new policy inherits no grant.
      await policy('gina-custom');
    });

    it('grants to roles when roles exist, and answers 404s and 400s for grants', async () => {
      const trust = JSON.stringify({
        Version: '1',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: { RAM: [`acs:ram::${running.service.accountId}:root`] },
          },
        ],
      });
      await created('/v1/roles', { roleName: 'deployer', assumeRolePolicyDocument: trust });
      expect((await api.put('/v1/roles/deployer/policies/System/AliyunARMSFullAccess')).status).toBe(201);
      expect(codeOf(await api.put('/v1/roles/nobody/policies/System/AliyunARMSFullAccess'))).toEqual([
        404,
        'EntityNotExist.Role',
      ]);
      expect(codeOf(await api.put('/v1/users/nobody/policies/System/AliyunARMSFullAccess'))).toEqual([
        404,
        'EntityNotExist.User',
      ]);
      expect(codeOf(await api.put('/v1/groups/nobody/policies/System/AliyunARMSFullAccess'))).toEqual([
        404,
        'EntityNotExist.Group',
      ]);
      await created('/v1/users', { userName: 'hank', kind: 'programmatic' });
      expect(codeOf(await api.put('/v1/users/hank/policies/System/NoSuch'))).toEqual([
        404,
        'EntityNotExist.Policy',
      ]);
      expect(codeOf(await api.put('/v1/users/hank/policies/Custom/no-such'))).toEqual([
        404,
        'EntityNotExist.Policy',
      ]);
      expect(codeOf(await api.put('/v1/users/hank/policies/Other/x'))).toEqual([
        400,
        'InvalidParameter.PolicyType',
      ]);
      for (const expiresAt of ['2020-01-01T00:00:00Z', 'tomorrow', '2999-01-01T00:00:00Z']) {
        expect(codeOf(await api.put('/v1/users/hank/policies/System/ReadOnlyAccess', { expiresAt }))).toEqual(
          [400, 'InvalidParameter.ExpiresAt'],
        );
      }
      expect(codeOf(await api.put('/v1/users/hank/policies/System/ReadOnlyAccess', { until: 'x' }))).toEqual([
        400,
        'InvalidParameter.Until',
      ]);
      expect(codeOf(await api.delete('/v1/users/hank/policies/System/ReadOnlyAccess'))).toEqual([
        404,
        'EntityNotExist.PolicyAttachment',
      ]);
    });

    it('holds a principal to 10 custom and 20 system policies, also under racing grants', async () => {
      await created('/v1/users', { userName: 'ivan', kind: 'human' });
      for (let n = 1; n <= 12; n++) await policy(`limit-${n}`);
      for (let n = 1; n <= 9; n++)
        expect((await api.put(`/v1/users/ivan/policies/Custom/limit-${n}`)).status).toBe(201);
      const racing = await Promise.all([
        api.put('/v1/users/ivan/policies/Custom/limit-10'),
        api.put('/v1/users/ivan/policies/Custom/limit-11'),
        api.put('/v1/users/ivan/policies/Custom/limit-12'),
      ]);
      expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      expect(racing.filter((r) => r.status === 409).map((r) => r.body.error.code)).toEqual([
        'LimitExceeded.Policy.Custom',
        'LimitExceeded.Policy.Custom',
      ]);
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM policy_attachments WHERE principal_type = 'User' AND policy_key LIKE 'Custom:%'
       AND principal_id = (SELECT owner_id FROM name_reservations WHERE kind = 'User' AND name_key = 'ivan')`,
      );
      expect(rows[0].n).toBe(10);
      // System policies count separately: 7 exist, so the system limit of 20 is not reachable here.
      expect((await api.put('/v1/users/ivan/policies/System/ReadOnlyAccess')).status).toBe(201);

      // Twelve grants at once on a fresh user: exactly ten win, whatever the interleaving.
      await created('/v1/users', { userName: 'ivan2', kind: 'human' });
      const burst = await Promise.all(
        Array.from({ length: 12 }, (_, i) => api.put(`/v1/users/ivan2/policies/Custom/limit-${i + 1}`)),
      );
      expect(burst.filter((r) => r.status === 201)).toHaveLength(10);
      expect(burst.filter((r) => codeOf(r)[1] === 'LimitExceeded.Policy.Custom')).toHaveLength(2);
    });

    it('keeps principals and policies from being deleted while a grant holds them', async () => {
      await created('/v1/users', { userName: 'lena', kind: 'human' });
      await created('/v1/groups', { groupName: 'lena-group' });
      await policy('lena-policy');
      await api.put('/v1/users/lena/policies/Custom/lena-policy');
      await api.put('/v1/groups/lena-group/policies/System/ReadOnlyAccess');
      expect(codeOf(await api.delete('/v1/users/lena'))).toEqual([409, 'DeleteConflict.User.Policy']);
      expect(codeOf(await api.delete('/v1/groups/lena-group'))).toEqual([409, 'DeleteConflict.Group.Policy']);
      expect(codeOf(await api.delete('/v1/policies/Custom/lena-policy'))).toEqual([
        409,
        'DeleteConflict.Policy.User',
      ]);
      // A grant racing the policy's deletion: one of them wins, never both.
      await policy('racing-policy');
      const [grant, deletion] = await Promise.all([
        api.put('/v1/users/lena/policies/Custom/racing-policy'),
        api.delete('/v1/policies/Custom/racing-policy'),
      ]);
      const outcomes = [grant.status, deletion.status];
      expect([
        [201, 409],
        [404, 204],
      ]).toContainEqual(outcomes);
      expect((await api.delete('/v1/users/lena/policies/Custom/lena-policy')).status).toBe(204);
      expect((await api.delete('/v1/policies/Custom/lena-policy')).status).toBe(204);
      expect((await api.delete('/v1/groups/lena-group/policies/System/ReadOnlyAccess')).status).toBe(204);
      expect((await api.delete('/v1/groups/lena-group')).status).toBe(204);
    });

    it('shows a user its effective policies with their provenance', async () => {
      await created('/v1/users', { userName: 'judy', kind: 'human' });
      await created('/v1/groups', { groupName: 'arms-ops' });
      await created('/v1/groups', { groupName: 'readers' });
      const writes = [
        await policy('judy-tools', doc('arms:Query*')),
        await api.put('/v1/groups/arms-ops/members/judy'),
        await api.put('/v1/groups/readers/members/judy'),
        await api.put('/v1/groups/arms-ops/policies/System/AliyunARMSReadOnlyAccess'),
        await api.put('/v1/groups/readers/policies/System/AliyunARMSReadOnlyAccess'),
        await api.put('/v1/users/judy/policies/System/AliyunARMSReadOnlyAccess'),
      ];
      expect(writes.map((w) => w.status)).toEqual([201, 201, 201, 201, 201, 201]);
      const last = await api.put('/v1/users/judy/policies/Custom/judy-tools');
      await settle(...writes);
      const effective = await api.get('/v1/users/judy/effective-policies', at(last));
      expect(effective.status).toBe(200);
      expect(effective.body.policies).toEqual([
        {
          policyType: 'Custom',
          policyName: 'judy-tools',
          defaultVersion: 'v1',
          policyDocument: doc('arms:Query*'),
          via: [{ kind: 'direct' }],
        },
        expect.objectContaining({
          policyType: 'System',
          policyName: 'AliyunARMSReadOnlyAccess',
          via: [
            { kind: 'direct' },
            { kind: 'group', groupName: 'arms-ops' },
            { kind: 'group', groupName: 'readers' },
          ],
        }),
      ]);
      expect(codeOf(await api.get('/v1/users/nobody/effective-policies'))).toEqual([
        404,
        'EntityNotExist.User',
      ]);
    });

    it('ends a time-bound grant by itself with PolicyAttachmentExpired', async () => {
      await created('/v1/users', { userName: 'kate', kind: 'human' });
      const expiresAt = new Date(Date.now() + 1500).toISOString();
      const grant = await api.put('/v1/users/kate/policies/System/AliyunARMSFullAccess', { expiresAt });
      expect([grant.status, grant.body.expiresAt]).toEqual([201, expiresAt]);
      const deadline = Date.now() + 10_000;
      let expired: { data: { attachmentId: string }; metadata: { actorArn: string } } | undefined;
      while (!expired && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        ({
          rows: [expired],
        } = await db.query(
          `SELECT data, metadata FROM events WHERE event_type = 'PolicyAttachmentExpired'
                          AND data->>'attachmentId' = $1`,
          [grant.body.attachmentId],
        ));
      }
      expect(expired?.metadata.actorArn).toBe(`acs:ram::${running.service.accountId}:service/access-ledger`);
      const { rows } = await db.query(`SELECT 1 FROM policy_attachments WHERE attachment_id = $1`, [
        grant.body.attachmentId,
      ]);
      expect(rows).toHaveLength(0);
      const position = (
        await db.query<{ p: number }>(
          `SELECT global_position AS p FROM events WHERE event_type = 'PolicyAttachmentExpired'
           AND data->>'attachmentId' = $1`,
          [grant.body.attachmentId],
        )
      ).rows[0].p;
      const listed = await api.get('/v1/users/kate/policies', { 'ledger-min-position': String(position) });
      expect(listed.body.policies).toEqual([]);
      const count = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM events WHERE event_type = 'PolicyAttachmentExpired' AND data->>'attachmentId' = $1`,
        [grant.body.attachmentId],
      );
      expect(count.rows[0].n).toBe(1);
    });

    it('publishes the RAM action of every route in OpenAPI', async () => {
      const paths = (await httpClient(running.url).get('/docs-json')).body.paths;
      expect(paths['/v1/policies'].post['x-ram-action']).toBe('ram:CreatePolicy');
      expect(paths['/v1/users/{userName}/policies/{policyType}/{policyName}'].put['x-ram-action']).toBe(
        'ram:AttachPolicyToUser',
      );
      expect(paths['/v1/roles/{roleName}/policies/{policyType}/{policyName}'].delete['x-ram-resource']).toBe(
        'acs:ram::{account}:role/:roleName',
      );
      expect(paths['/v1/users/{userName}/effective-policies'].get['x-ram-action']).toBe(
        'ram:ListEffectivePoliciesForUser',
      );
    });
  },
);
