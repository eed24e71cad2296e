import { httpClient } from './support/http-client.js';
import { trustPolicy as trust } from './support/policy-documents.js';
import { startTestService, type TestService, type TransportKind } from './support/test-service.js';

describe.each<TransportKind>(['in-process', 'kafka'])('roles over HTTP (%s transport)', (transport) => {
  let running: TestService;
  let api: ReturnType<typeof httpClient>;
  let account: string;

  beforeAll(async () => {
    running = await startTestService(transport);
    api = httpClient(running.url, { authorization: `Bearer ${running.rootToken}` });
    account = running.service.accountId;
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('creates a role with its trust analysis and reads it back', async () => {
    const created = await api.post('/v1/roles', {
      roleName: 'ops-reader',
      assumeRolePolicyDocument: trust([`acs:ram::${account}:user/alice`]),
      description: 'reads ARMS',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      roleName: 'ops-reader',
      arn: `acs:ram::${account}:role/ops-reader`,
      maxSessionDuration: 3600,
      trustPolicyVersion: 1,
      trustAnalysis: {
        riskLevel: 'low',
        addedPrincipals: [{ type: 'RAM', principal: `acs:ram::${account}:user/alice` }],
      },
    });
    const position = created.headers.get('ledger-position')!;
    const read = await api.get('/v1/roles/OPS-READER', { 'ledger-min-position': position });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ roleId: created.body.roleId, description: 'reads ARMS' });
    expect(JSON.parse(read.body.assumeRolePolicyDocument)).toEqual(
      JSON.parse(trust([`acs:ram::${account}:user/alice`])),
    );
    const list = await api.get('/v1/roles', { 'ledger-min-position': position });
    expect(list.body.roles.map((r: { roleName: string }) => r.roleName)).toContain('ops-reader');
  });

  it('rates trust by risk: another account root without ExternalId is critical, with it high', async () => {
    const other = 'acs:ram::2222222222222222:root';
    const critical = await api.post('/v1/roles', {
      roleName: 'vendor-a',
      assumeRolePolicyDocument: trust([other]),
    });
    expect(critical.body.trustAnalysis.riskLevel).toBe('critical');
    expect(critical.body.trustAnalysis.findings[0].code).toBe('CrossAccountWithoutExternalId');
    const high = await api.post('/v1/roles', {
      roleName: 'vendor-b',
      assumeRolePolicyDocument: trust([other], { StringEquals: { 'sts:ExternalId': 'x-123' } }),
    });
    expect(high.body.trustAnalysis.riskLevel).toBe('high');
    const wildcard = await api.post('/v1/roles', {
      roleName: 'anyone',
      assumeRolePolicyDocument: trust(['*']),
    });
    expect(wildcard.body.trustAnalysis.riskLevel).toBe('critical');
  });

  it.each([
    [{ roleName: 'bad_name', assumeRolePolicyDocument: trust(['*']) }, 'InvalidParameter.RoleName'],
    [
      { roleName: 'short', assumeRolePolicyDocument: trust(['*']), maxSessionDuration: 3599 },
      'InvalidParameter.MaxSessionDuration',
    ],
    [
      { roleName: 'long', assumeRolePolicyDocument: trust(['*']), maxSessionDuration: 43201 },
      'InvalidParameter.MaxSessionDuration',
    ],
    [{ roleName: 'nodoc' }, 'MissingParameter.AssumeRolePolicyDocument'],
    [
      { roleName: 'broken', assumeRolePolicyDocument: '{"Version": "1", "Statement": [' },
      'MalformedPolicyDocument',
    ],
    [
      { roleName: 'dupkeys', assumeRolePolicyDocument: '{"Version":"1","Version":"1","Statement":[]}' },
      'MalformedPolicyDocument',
    ],
    [{ roleName: 'mine', assumeRolePolicyDocument: trust(['*']), roleId: 'x' }, 'InvalidParameter.RoleId'],
  ])('refuses %j with %s', async (body, code) => {
    const response = await api.post('/v1/roles', body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe(code);
  });

  it('updates duration and description, never the trust policy', async () => {
    await api.post('/v1/roles', { roleName: 'batch', assumeRolePolicyDocument: trust(['*']) });
    const updated = await api.patch('/v1/roles/batch', { maxSessionDuration: 7200, description: 'nightly' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ maxSessionDuration: 7200, description: 'nightly' });
    const read = await api.get('/v1/roles/batch', {
      'ledger-min-position': updated.headers.get('ledger-position')!,
    });
    expect(read.body.maxSessionDuration).toBe(7200);
    const trustChange = await api.patch('/v1/roles/batch', { assumeRolePolicyDocument: trust(['*']) });
    expect([trustChange.status, trustChange.body.error.code]).toEqual([
      400,
      'InvalidParameter.AssumeRolePolicyDocument',
    ]);
    const tooLong = await api.patch('/v1/roles/batch', { maxSessionDuration: 50000 });
    expect(tooLong.body.error.code).toBe('InvalidParameter.MaxSessionDuration');
  });

  it('deletes a role; the name is free again and a re-created role is a new principal', async () => {
    const first = await api.post('/v1/roles', { roleName: 'temp', assumeRolePolicyDocument: trust(['*']) });
    expect(
      (await api.post('/v1/roles', { roleName: 'TEMP', assumeRolePolicyDocument: trust(['*']) })).status,
    ).toBe(409);
    const deleted = await api.delete('/v1/roles/temp');
    expect(deleted.status).toBe(204);
    expect((await api.delete('/v1/roles/temp')).body.error.code).toBe('EntityNotExist.Role');
    const again = await api.post('/v1/roles', { roleName: 'temp', assumeRolePolicyDocument: trust(['*']) });
    expect(again.status).toBe(201);
    expect(again.body.roleId).not.toBe(first.body.roleId);
    await api.put('/v1/roles/temp/policies/System/AliyunARMSReadOnlyAccess');
    const conflict = await api.delete('/v1/roles/temp');
    expect([conflict.status, conflict.body.error.code]).toEqual([409, 'DeleteConflict.Role.Policy']);
    const missing = await api.get('/v1/roles/never-there');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'EntityNotExist.Role']);
  });
});
