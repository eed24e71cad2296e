import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { connectKafka, createLogger } from '#runtime';
import { readTopic } from '../apps/worker/src/testing/kafka-delivery.js';
import { accessRequests } from './support/access-requests.js';
import { httpClient } from './support/http-client.js';
import { allowPolicy, type Client, ramSetup, trustPolicy } from './support/ram-setup.js';
import { startTestService, type TestService, type TransportKind } from './support/test-service.js';

const SELF_SERVICE = [
  'ram:CreateAccessRequest',
  'ram:ListAccessRequests',
  'ram:GetAccessRequest',
  'ram:CancelAccessRequest',
];
const ARMS_READ = { action: 'arms:ListDashboards', resource: '*' };

describe.each<TransportKind>(['in-process', 'kafka'])(
  'access requests over HTTP (%s transport)',
  (transport) => {
    let running: TestService;
    let root: Client;
    let setup: ReturnType<typeof ramSetup>;
    let requests: ReturnType<typeof accessRequests>;
    let account: string;
    const users: Record<string, Client> = {};

    const decision = async (userName: string, position: string, check = ARMS_READ) => {
      const response = await root.post(
        '/v1/authorize',
        { principalArn: `acs:ram::${account}:user/${userName}`, ...check },
        { 'ledger-min-position': position },
      );
      expect(response.status).toBe(200);
      return response.body.decision as string;
    };
    const position = (response: { headers: Headers }) => response.headers.get('ledger-position')!;
    const group = async (
      groupName: string,
      owners: string[],
      policies: string[] = ['AliyunARMSReadOnlyAccess'],
    ) => {
      await setup.track(root.post('/v1/groups', { groupName }), 201);
      for (const policy of policies)
        await setup.track(root.put(`/v1/groups/${groupName}/policies/System/${policy}`), 201);
      for (const owner of owners) await setup.track(root.put(`/v1/groups/${groupName}/owners/${owner}`), 201);
    };

    beforeAll(async () => {
      process.env.ACCESS_REQUEST_JUSTIFICATION_PATTERN = '^[A-Z]+-[0-9]+';
      process.env.ACCESS_REQUEST_PENDING_EXPIRY_SECONDS = '8';
      running = await startTestService(transport);
      root = httpClient(running.url, { authorization: `Bearer ${running.rootToken}` });
      account = running.service.accountId;
      setup = ramSetup(running.url, root);
      requests = accessRequests(root);
      await setup.track(
        root.post('/v1/policies', { policyName: 'self-service', policyDocument: allowPolicy(SELF_SERVICE) }),
        201,
      );
      await setup.track(
        root.post('/v1/policies', {
          policyName: 'approver',
          policyDocument: allowPolicy(['ram:ApproveAccessRequest']),
        }),
        201,
      );
      for (const name of ['alice', 'bob', 'carol', 'dave', 'erin']) {
        users[name] = await setup.user(name);
        await setup.track(root.put(`/v1/users/${name}/policies/Custom/self-service`), 201);
      }
      await setup.track(root.put('/v1/users/erin/policies/Custom/approver'), 201);
      await setup.settled();
    });

    afterAll(async () => {
      await running?.stop();
      delete process.env.ACCESS_REQUEST_JUSTIFICATION_PATTERN;
      delete process.env.ACCESS_REQUEST_PENDING_EXPIRY_SECONDS;
    });

    it('owners: add (201, then 200), list, remove (204, then 404); no delete leaves one dangling', async () => {
      await group('owned', [], []);
      await setup.track(root.post('/v1/users', { userName: 'frank', kind: 'human' }), 201);
      expect((await root.put('/v1/groups/owned/owners/frank')).status).toBe(201);
      expect((await root.put('/v1/groups/owned/owners/FRANK')).status).toBe(200);
      const list = await root.get('/v1/groups/owned/owners');
      expect(list.body.owners).toEqual([expect.objectContaining({ userName: 'frank', targetType: 'Group' })]);
      expect((await root.delete('/v1/users/frank')).body.error.code).toBe('DeleteConflict.User.Owner');
      expect((await root.delete('/v1/groups/owned')).body.error.code).toBe('DeleteConflict.Group.Owner');
      const policy = { policyName: 'owned-policy', policyDocument: allowPolicy(['arms:List*']) };
      await setup.track(root.post('/v1/policies', policy), 201);
      expect((await root.put('/v1/policies/Custom/owned-policy/owners/bob')).status).toBe(201);
      const deletePolicy = await root.delete('/v1/policies/Custom/owned-policy');
      expect(deletePolicy.body.error.code).toBe('DeleteConflict.Policy.Owner');
      expect((await root.delete('/v1/groups/owned/owners/frank')).status).toBe(204);
      expect((await root.delete('/v1/groups/owned/owners/frank')).body.error.code).toBe(
        'EntityNotExist.Owner',
      );
      expect((await root.delete('/v1/users/frank')).status).toBe(204);
      expect((await root.delete('/v1/groups/owned')).status).toBe(204);
      expect((await root.put('/v1/groups/nope/owners/bob')).body.error.code).toBe('EntityNotExist.Group');
      expect((await root.put('/v1/roles/nope/owners/bob')).body.error.code).toBe('EntityNotExist.Role');
      expect((await users.dave.put('/v1/groups/ops/owners/dave')).body.error.code).toBe('NoPermission');
    });

    it('group membership: denied before, allowed while granted, denied after the worker ends it', async () => {
      await group('ops', ['bob']);
      const settled = await setup.settled();
      expect(await decision('alice', settled)).toBe('ImplicitDeny');
      const submitted = await requests.submit(users.alice, { type: 'GroupMembership', groupName: 'ops' }, 3);
      expect(submitted.status).toBe(201);
      expect(submitted.body).toMatchObject({
        status: 'Pending',
        requiredApprovals: 1,
        requester: { userName: 'alice' },
      });
      const id = submitted.body.requestId;

      const waiting = await users.bob.get('/v1/access-requests?waitingFor=me');
      expect(waiting.body.accessRequests.map((r: { requestId: string }) => r.requestId)).toContain(id);
      expect((await users.dave.get('/v1/access-requests?waitingFor=me')).body.accessRequests).toEqual([]);

      const approved = await requests.approve(users.bob, id);
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'Approved', grantExpiresAt: expect.any(String) });
      expect(await decision('alice', position(approved))).toBe('Allow');

      const ended = await requests.waitFor(id, 'Ended');
      expect(ended.history.map((e: { type: string }) => e.type)).toEqual([
        'AccessRequestSubmitted',
        'AccessRequestApprovalRecorded',
        'AccessRequestApproved',
        'AccessRequestEnded',
      ]);
      expect(await decision('alice', requests.lastPosition(ended))).toBe('ImplicitDeny');
      const events = await root.get(`/v1/groups/ops/members`, {
        'ledger-min-position': requests.lastPosition(ended),
      });
      expect(events.body.members ?? events.body.users ?? []).toEqual([]);
    });

    it('policy attachment: an unowned target falls to holders of ram:ApproveAccessRequest', async () => {
      const target = {
        type: 'PolicyAttachment',
        policyType: 'System',
        policyName: 'AliyunARMSReadOnlyAccess',
      } as const;
      const submitted = await requests.submit(users.carol, target, 3);
      expect(submitted.status).toBe(201);
      const id = submitted.body.requestId;
      expect((await requests.approve(users.dave, id)).body.error.code).toBe('NoPermission');
      expect(await decision('carol', position(submitted))).toBe('ImplicitDeny');
      const approved = await requests.approve(users.erin, id);
      expect(approved.status).toBe(200);
      expect(await decision('carol', position(approved))).toBe('Allow');
      const ended = await requests.waitFor(id, 'Ended');
      expect(await decision('carol', requests.lastPosition(ended))).toBe('ImplicitDeny');
    });

    it('role assumption: AssumeRole refused before, allowed during, refused after the eligibility', async () => {
      await setup.role('oncall', trustPolicy([`acs:ram::${account}:user/nobody`]));
      await setup.track(root.put('/v1/roles/oncall/owners/bob'), 201);
      await setup.track(root.put('/v1/users/alice/policies/System/AliyunSTSAssumeRoleAccess'), 201);
      const assume = (at: string) =>
        users.alice.post(
          '/v1/sts/assume-role',
          { roleArn: `acs:ram::${account}:role/oncall`, roleSessionName: 'alice-oncall' },
          { 'ledger-min-position': at },
        );
      expect((await assume(await setup.settled())).status).toBe(403);
      const submitted = await requests.submit(users.alice, { type: 'RoleAssumption', roleName: 'oncall' }, 3);
      expect(submitted.status).toBe(201);
      const approved = await requests.approve(users.bob, submitted.body.requestId);
      expect(approved.body.status).toBe('Approved');
      const during = await assume(position(approved));
      expect(during.status).toBe(200);
      expect(during.body.assumedRoleUser.arn).toBe(`acs:ram::${account}:assumed-role/oncall/alice-oncall`);
      const ended = await requests.waitFor(submitted.body.requestId, 'Ended');
      expect((await assume(requests.lastPosition(ended))).status).toBe(403);
    });

    it('refuses self-approval, a non-owner, bad input, the root, and access already held', async () => {
      await group('ops-b', ['alice', 'bob']);
      const submitted = await requests.submit(users.alice, { type: 'GroupMembership', groupName: 'ops-b' });
      const id = submitted.body.requestId;
      expect((await requests.approve(users.alice, id)).body.error.code).toBe('SelfApprovalForbidden');
      expect((await requests.approve(users.dave, id)).body.error.code).toBe('NoPermission');
      expect((await requests.approve(users.erin, id)).body.error.code).toBe('NoPermission');
      const bad = await requests.submit(
        users.alice,
        { type: 'GroupMembership', groupName: 'ops-b' },
        60,
        'because',
      );
      expect(bad.body.error.code).toBe('InvalidParameter.Justification');
      const long = await requests.submit(
        users.alice,
        { type: 'GroupMembership', groupName: 'ops-b' },
        1209601,
      );
      expect(long.body.error.code).toBe('InvalidParameter.DurationSeconds');
      const byRoot = await requests.submit(root, { type: 'GroupMembership', groupName: 'ops-b' });
      expect(byRoot.body.error.code).toBe('NoPermission.NotRamUser');
      await setup.track(root.put('/v1/groups/ops-b/members/dave'), 201);
      expect((await users.dave.post(`/v1/access-requests/${id}/cancellation`, {})).body.error.code).toBe(
        'NoPermission',
      );
      const cancelled = await users.alice.post(`/v1/access-requests/${id}/cancellation`, {});
      expect(cancelled.body.status).toBe('Cancelled');
      const held = await requests.submit(users.dave, { type: 'GroupMembership', groupName: 'ops-b' });
      expect(held.status).toBe(409);
      expect(held.body.error.code).toBe('AccessAlreadyGranted');
    });

    it('counts one approval per person when sent twice at once; any denial ends the request', async () => {
      await group('admins', ['bob', 'carol'], ['AdministratorAccess']);
      const submitted = await requests.submit(users.alice, { type: 'GroupMembership', groupName: 'admins' });
      expect(submitted.body.requiredApprovals).toBe(2);
      const id = submitted.body.requestId;
      const both = await Promise.all([requests.approve(users.bob, id), requests.approve(users.bob, id)]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(both.find((r) => r.status === 409)!.body.error.code).toBe('ApprovalAlreadyRecorded');
      expect((await requests.get(id)).body).toMatchObject({
        status: 'Pending',
        approvals: [{ userName: 'bob' }],
      });
      const denied = await requests.deny(users.carol, id);
      expect(denied.body).toMatchObject({ status: 'Denied', denial: { userName: 'carol' } });
      expect((await requests.approve(users.carol, id)).body.error.code).toBe('AccessRequestNotPending');
      expect(await decision('alice', position(denied), { action: 'ram:CreateUser', resource: '*' })).toBe(
        'ImplicitDeny',
      );
    });

    it('two owners approving at once: one approval issues the grant, the other finds it decided', async () => {
      await group('ops-g', ['bob', 'carol']);
      const submitted = await requests.submit(
        users.alice,
        { type: 'GroupMembership', groupName: 'ops-g' },
        60,
      );
      const id = submitted.body.requestId;
      const both = await Promise.all([requests.approve(users.bob, id), requests.approve(users.carol, id)]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(both.find((r) => r.status === 409)!.body.error.code).toBe('AccessRequestNotPending');
      const { body } = await requests.get(id);
      expect(body.history.map((e: { type: string }) => e.type)).toEqual([
        'AccessRequestSubmitted',
        'AccessRequestApprovalRecorded',
        'AccessRequestApproved',
      ]);
      const members = await root.get('/v1/groups/ops-g/members', {
        'ledger-min-position': requests.lastPosition(body),
      });
      expect(members.body.users.map((u: { userName: string }) => u.userName)).toEqual(['alice']);
    });

    it('refuses an approver who lost ownership, and an approval after the request expired', async () => {
      await group('ops-c', ['bob', 'carol']);
      const first = await requests.submit(users.alice, { type: 'GroupMembership', groupName: 'ops-c' });
      await setup.track(root.delete('/v1/groups/ops-c/owners/bob'), 204);
      expect((await requests.approve(users.bob, first.body.requestId)).body.error.code).toBe('NoPermission');
      const expiring = await requests.submit(users.dave, { type: 'GroupMembership', groupName: 'ops-c' });
      await sleep(8500);
      const late = await requests.approve(users.carol, expiring.body.requestId);
      expect(late.status).toBe(409);
      expect(['AccessRequestExpired', 'AccessRequestNotPending']).toContain(late.body.error.code);
      await requests.waitFor(expiring.body.requestId, 'Expired');
    });

    it('two overlapping requests: the first ending keeps the membership until the second ends', async () => {
      await group('ops-d', ['bob']);
      const short = await requests.submit(users.carol, { type: 'GroupMembership', groupName: 'ops-d' }, 2);
      const long = await requests.submit(users.carol, { type: 'GroupMembership', groupName: 'ops-d' }, 6);
      await requests.approve(users.bob, short.body.requestId);
      const approved = await requests.approve(users.bob, long.body.requestId);
      expect(await decision('carol', position(approved))).toBe('Allow');
      const firstEnded = await requests.waitFor(short.body.requestId, 'Ended');
      expect(await decision('carol', requests.lastPosition(firstEnded))).toBe('Allow');
      const secondEnded = await requests.waitFor(long.body.requestId, 'Ended');
      expect(await decision('carol', requests.lastPosition(secondEnded))).toBe('ImplicitDeny');
    });

    it('a standing membership survives a request grant ending', async () => {
      await group('ops-e', ['bob']);
      const submitted = await requests.submit(users.dave, { type: 'GroupMembership', groupName: 'ops-e' }, 2);
      await requests.approve(users.bob, submitted.body.requestId);
      const joined = await root.put('/v1/groups/ops-e/members/dave');
      expect(joined.status).toBe(201);
      const ended = await requests.waitFor(submitted.body.requestId, 'Ended');
      expect(await decision('dave', requests.lastPosition(ended))).toBe('Allow');
    });

    it('a grant that cannot be issued rolls the approval back: the request stays Pending', async () => {
      await group('ops-f', ['bob']);
      await setup.track(root.post('/v1/users', { userName: 'gina', kind: 'human' }), 201);
      for (let g = 0; g < 10; g++) {
        await setup.track(root.post('/v1/groups', { groupName: `full-${g}` }), 201);
        await setup.track(root.put(`/v1/groups/full-${g}/members/gina`), 201);
      }
      const key = (await setup.track(root.post('/v1/users/gina/access-keys'), 201)).body;
      await setup.track(root.put('/v1/users/gina/policies/Custom/self-service'), 201);
      await setup.settled();
      const gina = httpClient(running.url, {
        authorization: `AccessKey ${key.accessKeyId}:${key.accessKeySecret}`,
      });
      const submitted = await requests.submit(gina, { type: 'GroupMembership', groupName: 'ops-f' });
      expect(submitted.status).toBe(201);
      const refused = await requests.approve(users.bob, submitted.body.requestId);
      expect(refused.body.error.code).toBe('LimitExceeded.Group');
      const after = await requests.get(submitted.body.requestId);
      expect(after.body).toMatchObject({ status: 'Pending', approvals: [] });
      expect(after.body.history).toHaveLength(1);
    });

    it('lists by requester and status, a page at a time', async () => {
      const all = await root.get('/v1/access-requests?requester=ALICE');
      expect(all.body.accessRequests.length).toBeGreaterThan(2);
      expect(
        all.body.accessRequests.every(
          (r: { requester: { userName: string } }) => r.requester.userName === 'alice',
        ),
      ).toBe(true);
      const ids: string[] = [];
      let cursor = '';
      do {
        const page = await root.get(
          `/v1/access-requests?requester=alice&limit=1${cursor && `&cursor=${cursor}`}`,
        );
        expect(page.body.accessRequests).toHaveLength(1);
        ids.push(page.body.accessRequests[0].requestId);
        cursor = page.body.nextCursor ?? '';
      } while (cursor);
      expect(ids).toEqual(all.body.accessRequests.map((r: { requestId: string }) => r.requestId));
      const denied = await root.get('/v1/access-requests?status=Denied');
      expect(denied.body.accessRequests.map((r: { status: string }) => r.status)).toEqual(['Denied']);
      const badCursor = Buffer.from(JSON.stringify({ a: 'nope' })).toString('base64url');
      expect((await root.get(`/v1/access-requests?cursor=${badCursor}`)).body.error.code).toBe(
        'InvalidParameter.Cursor',
      );
      expect((await root.get('/v1/access-requests?status=Open')).body.error.code).toBe(
        'InvalidParameter.Status',
      );
      expect((await root.get('/v1/access-requests/not-a-request')).status).toBe(404);
    });

    // Notifications are a Kafka feature: the in-process transport has no topic to read back.
    if (transport === 'kafka')
      it('notifications: every request event reaches Kafka under its request key', async () => {
        const db = new pg.Client({ connectionString: running.databaseUrl });
        await db.connect();
        const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events`);
        await db.end();
        const kafka = connectKafka(running.config, createLogger('silent'), 'notifications')!;
        const messages = await readTopic(kafka, running.config.topic, rows[0].n);
        const types = new Set(
          messages
            .filter((m) => String(m.key).startsWith('accessrequest-'))
            .map((m) => m.headers['event-type']),
        );
        expect([...types].sort()).toEqual([
          'AccessRequestApprovalRecorded',
          'AccessRequestApproved',
          'AccessRequestCancelled',
          'AccessRequestDenied',
          'AccessRequestEnded',
          'AccessRequestExpired',
          'AccessRequestSubmitted',
        ]);
      });
  },
);
