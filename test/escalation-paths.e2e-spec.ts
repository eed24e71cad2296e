import { httpClient } from './support/http-client.js';
import { allowPolicy, type Client, ramSetup, trustPolicy } from './support/ram-setup.js';
import { startTestService, type TestService } from './support/test-service.js';

/** GET /v1/analysis/escalation-paths and the paths a grant opens, over HTTP (docs/trust-changes.md). */
describe('escalation paths over HTTP', () => {
  let running: TestService;
  let root: Client;
  let setup: ReturnType<typeof ramSetup>;
  let account: string;
  const user = (name: string) => `acs:ram::${account}:user/${name}`;
  const role = (name: string) => `acs:ram::${account}:role/${name}`;
  const paths = (as: Client, principalArn: string, position?: string) =>
    as.get(
      `/v1/analysis/escalation-paths?principalArn=${encodeURIComponent(principalArn)}`,
      position ? { 'ledger-min-position': position } : {},
    );

  beforeAll(async () => {
    running = await startTestService('in-process');
    account = running.service.accountId;
    root = httpClient(running.url, { authorization: `Bearer ${running.rootToken}` });
    setup = ramSetup(running.url, root);
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('lists a chain A → B → admin with each step, and none for a read-only user', async () => {
    await setup.user('mallory', ['AliyunSTSAssumeRoleAccess']);
    await setup.user('reader', ['ReadOnlyAccess']);
    await setup.role('a', trustPolicy([user('mallory')]), ['AliyunSTSAssumeRoleAccess']);
    await setup.role('b', trustPolicy([role('a')]), ['AliyunSTSAssumeRoleAccess']);
    await setup.role('admin', trustPolicy([role('b')]), ['AdministratorAccess']);
    const position = await setup.settled();
    const report = await paths(root, user('mallory'), position);
    expect(report.status).toBe(200);
    expect(report.body).toEqual({
      principalArn: user('mallory'),
      administrative: false,
      paths: [
        {
          kind: 'AssumeAdministrativeRole',
          reaches: role('admin'),
          steps: [
            expect.objectContaining({
              principalArn: user('mallory'),
              action: 'sts:AssumeRole',
              resource: role('a'),
            }),
            expect.objectContaining({
              principalArn: role('a'),
              action: 'sts:AssumeRole',
              resource: role('b'),
            }),
            expect.objectContaining({
              principalArn: role('b'),
              action: 'sts:AssumeRole',
              resource: role('admin'),
            }),
          ],
        },
      ],
    });
    expect((await paths(root, user('reader'))).body).toEqual({
      principalArn: user('reader'),
      administrative: false,
      paths: [],
    });
    expect((await paths(root, role('admin'))).body.administrative).toBe(true);
  });

  it('is in the OpenAPI document with its RAM action and response shape', async () => {
    const docs = await root.get('/docs-json');
    const route = docs.body.paths['/v1/analysis/escalation-paths'].get;
    expect(route['x-ram-action']).toBe('ram:GetEscalationPaths');
    expect(
      route.responses['200'].content['application/json'].schema.properties.paths.items.properties,
    ).toHaveProperty('steps');
    const approvals = docs.body.paths['/v1/trust-policy-changes/{changeId}/approvals'].post;
    expect(approvals['x-ram-action']).toBe('ram:ReviewTrustPolicyChange');
    const changeSchema = approvals.responses['200'].content['application/json'].schema;
    expect(changeSchema.properties.analysis.properties).toHaveProperty('gainedAccess');
    const propose = docs.body.paths['/v1/roles/{roleName}/trust-policy-changes'].post;
    expect(propose['x-ram-action']).toBe('ram:ProposeTrustPolicyChange');
    expect(propose.responses).toHaveProperty('202');
  });

  it('refuses bad principals and callers without ram:GetEscalationPaths', async () => {
    const nobody = await paths(root, user('nobody'));
    expect([nobody.status, nobody.body.error.code]).toEqual([404, 'EntityNotExist.User']);
    const other = await paths(root, 'acs:ram::9999999999999999:user/x');
    expect([other.status, other.body.error.code]).toEqual([400, 'InvalidParameter.PrincipalArn']);
    const missing = await root.get('/v1/analysis/escalation-paths');
    expect(missing.body.error.code).toBe('InvalidParameter.PrincipalArn');
    const weak = await setup.user('weak', ['AliyunARMSReadOnlyAccess']);
    await setup.settled();
    const refused = await paths(weak, user('weak'));
    expect([refused.status, refused.body.error.code]).toEqual([403, 'NoPermission']);
  });

  it('a grant answers with the escalation paths it opens, and none when it opens none', async () => {
    await setup.user('eve');
    await setup.track(
      root.post('/v1/policies', { policyName: 'self-attach', policyDocument: selfAttach(user('eve')) }),
      201,
    );
    const opening = await root.put('/v1/users/eve/policies/Custom/self-attach');
    expect(opening.status).toBe(201);
    expect(opening.body.escalationPaths).toEqual([
      expect.objectContaining({
        principalArn: user('eve'),
        kind: 'AttachPolicyToSelf',
        steps: [expect.objectContaining({ action: 'ram:AttachPolicyToUser', resource: user('eve') })],
      }),
    ]);
    const harmless = await root.put('/v1/users/eve/policies/System/AliyunARMSReadOnlyAccess');
    expect(harmless.body.escalationPaths).toEqual([]);
    // Granting admin power to a user opens a path for whoever may mint its AccessKeys.
    await setup.user('helpdesk');
    await setup.track(
      root.post('/v1/policies', { policyName: 'keys', policyDocument: allowPolicy(['ram:CreateAccessKey']) }),
      201,
    );
    await setup.track(root.put('/v1/users/helpdesk/policies/Custom/keys'), 201);
    await setup.user('boss');
    const promoted = await root.put('/v1/users/boss/policies/System/AdministratorAccess');
    expect(promoted.body.escalationPaths).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          principalArn: user('helpdesk'),
          kind: 'CreateAccessKey',
          reaches: user('boss'),
        }),
      ]),
    );
  });
});

const selfAttach = (userArn: string) =>
  JSON.stringify({
    Version: '1',
    Statement: [{ Effect: 'Allow', Action: 'ram:AttachPolicyToUser', Resource: userArn }],
  });
