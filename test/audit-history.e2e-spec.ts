import { httpClient } from './support/http-client.js';
import { accessRequests } from './support/access-requests.js';
import { allowPolicy, ramSetup, trustPolicy } from './support/ram-setup.js';
import { startTestService, type TestService, type TransportKind } from './support/test-service.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const doc = (...actions: string[]) => allowPolicy(actions);

describe.each<TransportKind>(['in-process', 'kafka'])(
  'audit timeline and diff (%s transport)',
  (transport) => {
    let running: TestService;
    let api: ReturnType<typeof httpClient>;
    let account: string;
    let alice: string;
    const t: Date[] = [];
    let last = '0';

    const write = async (response: Promise<{ status: number; headers: Headers }>) => {
      const done = await response;
      expect(done.status).toBeLessThan(300);
      last = done.headers.get('ledger-position') ?? last;
      return done;
    };
    const mark = async () => {
      await sleep(5);
      t.push(new Date());
      await sleep(5);
    };
    const synced = (path: string) => api.get(path, { 'ledger-min-position': last });
    /**
     * The worker records the grant's end shortly after it expires (PolicyAttachmentExpired, the timeline's
     * cause for the loss). Reads wait for that record: one taken before it would show the loss without a cause.
     */
    const expiryRecorded = async () => {
      for (let attempt = 0; attempt < 400; attempt++) {
        const page = await api.get('/v1/audit/events?type=PolicyAttachmentExpired');
        const [expired] = page.body.events as { position: number }[];
        if (expired) {
          last = String(Math.max(Number(last), expired.position));
          return;
        }
        await sleep(25);
      }
      throw new Error('the expiry was never recorded');
    };

    beforeAll(async () => {
      running = await startTestService(transport);
      api = httpClient(running.url, { authorization: `Bearer ${running.rootToken}` });
      account = running.service.accountId;
      alice = `acs:ram::${account}:user/alice`;
      await write(api.post('/v1/users', { userName: 'alice', kind: 'human' }));
      await write(api.post('/v1/groups', { groupName: 'ops' }));
      await write(api.post('/v1/policies', { policyName: 'arms-reader', policyDocument: doc('arms:Get*') }));
      await mark(); // t0
      await write(api.put('/v1/groups/ops/members/alice'));
      await write(api.put('/v1/groups/ops/policies/Custom/arms-reader'));
      const expiresAt = new Date(Date.now() + 1500).toISOString();
      await write(api.put('/v1/users/alice/policies/System/AliyunRAMReadOnlyAccess', { expiresAt }));
      await mark(); // t1
      await write(
        api.post('/v1/policies/Custom/arms-reader/versions', {
          policyDocument: doc('arms:*'),
          setAsDefault: true,
        }),
      );
      await sleep(Math.max(0, Date.parse(expiresAt) - Date.now()) + 50);
      await expiryRecorded();
      await mark(); // t2
      await write(api.delete('/v1/groups/ops/members/alice'));
      await mark(); // t3
    }, 120_000);

    afterAll(async () => {
      await running?.stop();
    });

    it('lists every change to what the user could do, who made it, in order', async () => {
      const response = await synced(`/v1/audit/principals/${encodeURIComponent(alice)}/timeline`);
      expect(response.status).toBe(200);
      const root = `acs:ram::${account}:root`;
      const entries = response.body.entries as Record<string, unknown>[];
      const summary = entries.map((e) => [
        e.effect,
        e.kind,
        e.groupName ?? e.policyName,
        e.versionId,
        e.expired,
      ]);
      expect(summary).toEqual([
        ['gained', 'principal', undefined, undefined, undefined],
        ['gained', 'membership', 'ops', undefined, undefined],
        ['gained', 'attachment', 'ops', undefined, undefined],
        ['gained', 'attachment', 'AliyunRAMReadOnlyAccess', undefined, undefined],
        ['gained', 'default-version', 'ops', 'v2', undefined],
        ['lost', 'attachment', 'AliyunRAMReadOnlyAccess', undefined, true],
        ['lost', 'membership', 'ops', undefined, undefined],
      ]);
      expect(entries[2]).toMatchObject({
        policyName: 'arms-reader',
        cause: { type: 'PolicyAttached', actor: root },
      });
      expect(entries[4]).toMatchObject({ cause: { type: 'PolicyVersionCreated', actor: root } });
      expect(entries[5]).toMatchObject({
        cause: { type: 'PolicyAttachmentExpired', actor: `acs:ram::${account}:service/access-ledger` },
      });
      expect(entries[6]).toMatchObject({ cause: { type: 'UserRemovedFromGroup', actor: root } });
      const paged = await api.get(`/v1/audit/principals/${encodeURIComponent(alice)}/timeline?limit=4`);
      expect(paged.body.entries).toHaveLength(4);
      const rest = await api.get(
        `/v1/audit/principals/${encodeURIComponent(alice)}/timeline?limit=4&cursor=${paged.body.nextCursor}`,
      );
      expect([...paged.body.entries, ...rest.body.entries]).toEqual(entries);
      expect(rest.body.nextCursor).toBeUndefined();
    });

    it('diffs access between two instants, each change with its cause', async () => {
      const diff = (from: Date, to: Date) =>
        synced(
          `/v1/audit/diff?${new URLSearchParams({ principalArn: alice, from: from.toISOString(), to: to.toISOString() })}`,
        );
      const granted = await diff(t[0], t[1]);
      expect(granted.status).toBe(200);
      expect(granted.body.disappeared).toEqual([]);
      const appeared = granted.body.appeared as Record<string, unknown>[];
      expect(appeared.map((c) => [c.policyName, c.versionId, c.via, c.groupName])).toEqual([
        ['AliyunRAMReadOnlyAccess', 'v1', 'direct', undefined],
        ['arms-reader', 'v1', 'group', 'ops'],
      ]);
      expect(appeared[1]).toMatchObject({
        statements: [{ Effect: 'Allow', Action: ['arms:Get*'], Resource: '*' }],
        cause: { type: 'PolicyAttached' },
      });
      const later = await diff(t[1], t[2]);
      expect(later.body.appeared.map((c: { versionId: string }) => c.versionId)).toEqual(['v2']);
      expect(later.body.appeared[0].cause.type).toBe('PolicyVersionCreated');
      const lost = later.body.disappeared as Record<string, unknown>[];
      expect(lost.map((c) => [c.policyName, c.versionId, c.expired])).toEqual([
        ['AliyunRAMReadOnlyAccess', 'v1', true],
        ['arms-reader', 'v1', undefined],
      ]);
      const left = await diff(t[2], t[3]);
      expect(left.body.disappeared).toMatchObject([
        { versionId: 'v2', cause: { type: 'UserRemovedFromGroup' } },
      ]);
    });

    it('answers access at an instant inside the time-bound grant and after its end', async () => {
      const at = (instant: Date) =>
        synced(
          `/v1/audit/access?${new URLSearchParams({ principalArn: alice, action: 'ram:GetUser', resource: alice, at: instant.toISOString() })}`,
        );
      const inside = await at(t[1]);
      expect(inside.body).toMatchObject({ decision: 'Allow', events: [{ type: 'PolicyAttached' }] });
      expect((await at(t[2])).body.decision).toBe('ImplicitDeny');
    });

    it.each([
      [
        '/v1/audit/access?principalArn=ARN&action=ram:GetUser&resource=*&at=yesterday',
        400,
        'InvalidParameter.At',
      ],
      [
        '/v1/audit/access?principalArn=ARN&action=ram:GetUser&resource=*&at=2026-01-01',
        400,
        'InvalidParameter.At',
      ],
      ['/v1/audit/access?principalArn=ARN&resource=*', 400, 'MissingParameter.Action'],
      ['/v1/audit/access?principalArn=nobody&action=a:b&resource=*', 400, 'InvalidParameter.PrincipalArn'],
      ['/v1/audit/access?principalArn=GHOST&action=a:b&resource=*', 404, 'EntityNotExist.User'],
      [
        '/v1/audit/access?principalArn=ARN&action=a:b&resource=*&at=2001-01-01T00:00:00Z',
        404,
        'EntityNotExist.User',
      ],
      ['/v1/audit/who-can?action=a:b&resource=*&at=2026-13-01T00:00:00Z', 400, 'InvalidParameter.At'],
      ['/v1/audit/diff?principalArn=ARN', 400, 'MissingParameter.From'],
      [
        '/v1/audit/diff?principalArn=ARN&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z',
        400,
        'InvalidParameter.To',
      ],
      ['/v1/audit/diff?principalArn=GHOST&from=2026-01-01T00:00:00Z', 404, 'EntityNotExist.User'],
      ['/v1/audit/principals/GHOST/timeline', 404, 'EntityNotExist.User'],
      ['/v1/audit/principals/ARN/timeline?cursor=bad', 400, 'InvalidParameter.Cursor'],
    ])('refuses %s with %i %s', async (path, status, code) => {
      const url = path
        .replace('ARN', encodeURIComponent(alice))
        .replace('GHOST', encodeURIComponent(`acs:ram::${account}:user/ghost`));
      const response = await api.get(url);
      expect({ status: response.status, code: response.body.error?.code }).toEqual({ status, code });
    });

    it('publishes the diff route with its response schema in the OpenAPI document', async () => {
      const openapi = (await api.get('/docs-json')).body;
      const diff = openapi.paths['/v1/audit/diff'].get;
      expect(diff['x-ram-action']).toBe('audit:GetAccessDiff');
      expect(diff.responses['200'].content['application/json'].schema.properties).toHaveProperty('appeared');
      expect(openapi.paths['/v1/audit/access'].get['x-ram-action']).toBe('audit:QueryAccess');
    });

    it('follows a reviewed trust change: the role timeline names its approvers, who-can the new path', async () => {
      const setup = ramSetup(running.url, api);
      const user = (name: string) => `acs:ram::${account}:user/${name}`;
      await setup.accessKey('bob', ['AliyunSTSAssumeRoleAccess']);
      await setup.accessKey('carol', ['AliyunSTSAssumeRoleAccess']);
      const rev = await setup.user('rev', ['AliyunRAMFullAccess']);
      const role = `acs:ram::${account}:role/deployer`;
      await setup.role('deployer', trustPolicy([user('bob')]), ['AliyunARMSFullAccess']);
      await setup.settled();
      await sleep(5);
      const before = new Date();
      await sleep(5);
      const proposed = await api.post('/v1/roles/deployer/trust-policy-changes', {
        assumeRolePolicyDocument: trustPolicy([user('carol')]),
        justification: 'hand over deployments',
      });
      expect(proposed.status).toBe(202);
      const approved = await rev.post(`/v1/trust-policy-changes/${proposed.body.changeId}/approvals`, {});
      expect(approved.status).toBeLessThan(300);
      last = approved.headers.get('ledger-position') ?? last;
      const timeline = await synced(`/v1/audit/principals/${encodeURIComponent(role)}/timeline`);
      const trust = (timeline.body.entries as Record<string, unknown>[]).filter(
        (e) => e.kind === 'trust-policy',
      );
      expect(trust.map((e) => [e.effect, e.trustPolicyVersion])).toEqual([
        ['gained', 1],
        ['lost', 1],
        ['gained', 2],
      ]);
      expect(trust[2]).toMatchObject({
        cause: { type: 'TrustPolicyChanged', changeId: proposed.body.changeId, approvers: [user('rev')] },
      });
      const whoCan = async (at: Date) => {
        const query = new URLSearchParams({
          action: 'arms:CreateAlert',
          resource: '*',
          at: at.toISOString(),
        });
        const response = await synced(`/v1/audit/who-can?${query}`);
        const principals = response.body.principals as { principalArn: string; paths: object[] }[];
        return Object.fromEntries(principals.map((p) => [p.principalArn, p.paths]));
      };
      const path = { kind: 'role', roleName: 'deployer', roleArn: role, via: 'trust' };
      expect((await whoCan(before))[user('bob')]).toEqual([path]);
      const now = await whoCan(new Date());
      expect(now[user('bob')]).toBeUndefined();
      expect(now[user('carol')]).toEqual([path]);
      expect(now[role]).toEqual([{ kind: 'direct', policies: ['System:AliyunARMSFullAccess'] }]);
    });

    it('shows a grant made through an access request with its request and approvers, and its end', async () => {
      const setup = ramSetup(running.url, api);
      const requests = accessRequests(api);
      const dana = await setup.user('dana');
      const owen = await setup.user('owen');
      await setup.track(
        api.post('/v1/policies', {
          policyName: 'requester',
          policyDocument: allowPolicy(['ram:*AccessRequest*']),
        }),
        201,
      );
      for (const name of ['dana', 'owen'])
        await setup.track(api.put(`/v1/users/${name}/policies/Custom/requester`), 201);
      await setup.track(api.post('/v1/groups', { groupName: 'oncall' }), 201);
      await setup.track(api.put('/v1/groups/oncall/policies/System/AliyunARMSReadOnlyAccess'), 201);
      await setup.track(api.put('/v1/groups/oncall/owners/owen'), 201);
      await setup.settled();
      const submitted = await requests.submit(dana, { type: 'GroupMembership', groupName: 'oncall' }, 2);
      expect(submitted.status).toBe(201);
      const approved = await requests.approve(owen, submitted.body.requestId);
      expect(approved.status).toBe(200);
      const inside = new Date();
      const ended = await requests.waitFor(submitted.body.requestId, 'Ended');
      last = requests.lastPosition(ended);
      const danaArn = `acs:ram::${account}:user/dana`;
      const access = await synced(
        `/v1/audit/access?${new URLSearchParams({ principalArn: danaArn, action: 'arms:GetAlert', resource: '*', at: inside.toISOString() })}`,
      );
      expect(access.body.decision).toBe('Allow');
      const approvers = [`acs:ram::${account}:user/owen`];
      const requested = { accessRequestId: submitted.body.requestId, requestApproval: { approvers } };
      const viaGroup = access.body.grants.find((g: { groupName?: string }) => g.groupName === 'oncall');
      expect(viaGroup).toMatchObject({ decisive: true, membership: requested });
      const timeline = await synced(`/v1/audit/principals/${encodeURIComponent(danaArn)}/timeline`);
      const membership = (timeline.body.entries as Record<string, unknown>[]).filter(
        (e) => e.kind === 'membership',
      );
      expect(membership).toMatchObject([
        { effect: 'gained', groupName: 'oncall', cause: { type: 'UserAddedToGroup', ...requested } },
        { effect: 'lost', groupName: 'oncall', expired: true, cause: { type: 'UserRemovedFromGroup' } },
      ]);
    });
  },
);
