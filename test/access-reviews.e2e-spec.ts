import pg from 'pg';
import { csvObjects } from './support/csv.js';
import { httpClient, type HttpResult } from './support/http-client.js';
import { accessRequests } from './support/access-requests.js';
import { allowPolicy, type Client, ramSetup, trustPolicy } from './support/ram-setup.js';
import { startTestService, type TestService, type TransportKind } from './support/test-service.js';

const at = (response: HttpResult) => ({ 'ledger-min-position': response.headers.get('ledger-position')! });
const REVIEWER_POLICY = allowPolicy(['ram:GetAccessReview', 'ram:DecideAccessReviewItem']);

/**
 * A quarterly access review over HTTP: the campaign certifies a frozen snapshot, two reviewers decide, and
 * completion removes exactly what was rejected and still is the certified grant.
 */
describe.each<TransportKind>(['in-process', 'kafka'])(
  'access reviews over HTTP (%s transport)',
  (transport) => {
    let running: TestService;
    let root: Client;
    let account: string;
    let db: pg.Client;

    beforeAll(async () => {
      running = await startTestService(transport);
      root = httpClient(running.url, { authorization: `Bearer ${running.rootToken}` });
      account = running.service.accountId;
      setup = ramSetup(running.url, root);
      await setup.track(
        root.post('/v1/policies', { policyName: 'ReviewerAccess', policyDocument: REVIEWER_POLICY }),
        201,
      );
      db = new pg.Client({ connectionString: running.databaseUrl });
      await db.connect();
    });

    afterAll(async () => {
      await db?.end();
      await running?.stop();
    });

    let setup: ReturnType<typeof ramSetup>;
    const ok = (pending: Promise<HttpResult>) => setup.track(pending, 200, 201, 204);
    const user = (userName: string) => ok(root.post('/v1/users', { userName, kind: 'human' }));
    /** A user who reviews: ReviewerAccess (read campaigns, decide items), called with its own AccessKey. */
    const reviewer = async (userName: string) => {
      const client = await setup.user(userName);
      await ok(root.put(`/v1/users/${userName}/policies/Custom/ReviewerAccess`));
      return client;
    };
    const keyOf = async (userName: string) => (await ok(root.post(`/v1/users/${userName}/access-keys`))).body;
    const as = (key: { accessKeyId: string; accessKeySecret: string }) =>
      httpClient(running.url, { authorization: `AccessKey ${key.accessKeyId}:${key.accessKeySecret}` });
    const join = (group: string, userName: string) => ok(root.put(`/v1/groups/${group}/members/${userName}`));
    const leave = (group: string, userName: string) =>
      ok(root.delete(`/v1/groups/${group}/members/${userName}`));
    const check = async (userName: string, action: string, position: Record<string, string>) =>
      (
        await root.post(
          '/v1/authorize',
          {
            principalArn: `acs:ram::${account}:user/${userName}`,
            action,
            resource: `acs:arms:cn-hangzhou:${account}:trace/1`,
          },
          position,
        )
      ).body.decision;

    it('runs a full campaign: snapshot, two reviewers, self-review refused, completion, revocations in force', async () => {
      const rev1 = await reviewer('rev1');
      const rev2 = await reviewer('rev2');
      for (const name of ['alice', 'bob', 'dave', 'carol', 'erin']) await user(name);
      await ok(root.post('/v1/groups', { groupName: 'ops' }));
      await ok(root.put('/v1/groups/ops/policies/System/AliyunARMSReadOnlyAccess'));
      for (const name of ['alice', 'bob', 'dave', 'rev1']) await join('ops', name);
      await ok(root.put('/v1/users/alice/policies/System/AliyunRAMReadOnlyAccess'));
      await ok(root.put('/v1/users/alice/policies/System/AliyunSTSAssumeRoleAccess'));
      const carolKey = await keyOf('carol');

      const created = await root.post('/v1/access-reviews', {
        name: 'Q1 ops access',
        scope: { types: ['GroupMembership', 'PolicyAttachment', 'AccessKey'] },
        reviewers: { mode: 'users', userNames: ['rev1', 'rev2'] },
        dueAt: new Date(Date.now() + 3600_000).toISOString(),
        defaultDecision: 'None',
      });
      expect(created.status).toBe(201);
      const reviewId: string = created.body.reviewId;
      expect(created.body).toMatchObject({
        status: 'Open',
        itemCount: 12,
        snapshot: { position: expect.any(Number) },
      });
      expect(created.body.snapshot.itemsDigest).toMatch(/^[0-9a-f]{64}$/);

      // After the snapshot: dave leaves and re-joins (a new grant), erin joins, alice loses STS access directly.
      await leave('ops', 'dave');
      await join('ops', 'dave');
      await join('ops', 'erin');
      await ok(root.delete('/v1/users/alice/policies/System/AliyunSTSAssumeRoleAccess'));

      const { body: listed } = await rev1.get(`/v1/access-reviews/${reviewId}/items`);
      const items: {
        itemId: string;
        type: string;
        subject: { name: string };
        target: Record<string, string>;
      }[] = listed.items;
      expect(items).toHaveLength(12);
      expect(items.some((i) => i.subject.name === 'erin')).toBe(false);
      const find = (type: string, subject: string, detail?: string) =>
        items.find(
          (i) =>
            i.type === type &&
            i.subject.name === subject &&
            (!detail || Object.values(i.target).includes(detail)),
        )!.itemId;
      const decide = (client: Client, itemId: string, decision: string, comment?: string) =>
        client.post(`/v1/access-reviews/${reviewId}/items/${itemId}/decision`, {
          decision,
          ...(comment && { comment }),
        });

      // Nobody reviews their own access; rev1's items went to rev2 only.
      const own = await decide(rev1, find('GroupMembership', 'rev1'), 'Keep');
      expect([own.status, own.body.error.code]).toEqual([403, 'ConflictOfInterest']);
      const ownGroup = await decide(rev1, find('PolicyAttachment', 'ops'), 'Keep');
      expect(ownGroup.body.error.code).toBe('ConflictOfInterest');
      expect((await decide(rev1, 'nope', 'Keep')).status).toBe(404);

      // Decisions change until completion: rev1 keeps alice in ops first, then revokes.
      expect((await decide(rev1, find('GroupMembership', 'alice'), 'Keep')).status).toBe(200);
      const comment = 'left "ops", moved to billing,\r\nper ticket 42';
      expect((await decide(rev1, find('GroupMembership', 'alice'), 'Revoke', comment)).status).toBe(200);
      await ok(decide(rev1, find('GroupMembership', 'bob'), 'Keep'));
      await ok(decide(rev2, find('GroupMembership', 'dave'), 'Revoke'));
      await ok(decide(rev2, find('GroupMembership', 'rev1'), 'Revoke', 'not on call'));
      await ok(decide(rev2, find('PolicyAttachment', 'alice', 'AliyunRAMReadOnlyAccess'), 'Revoke'));
      await ok(decide(rev2, find('PolicyAttachment', 'alice', 'AliyunSTSAssumeRoleAccess'), 'Revoke'));
      await ok(decide(rev2, find('PolicyAttachment', 'ops'), 'Keep'));
      await ok(decide(rev2, find('AccessKey', 'carol'), 'Revoke'));

      const progress = await rev2.get(`/v1/access-reviews/${reviewId}`);
      expect(progress.body.progress).toMatchObject({ items: 12, decided: 8, keep: 2, revoke: 6 });
      const perReviewer = Object.fromEntries(
        progress.body.reviewers.map((r: { userName: string }) => [r.userName, r]),
      );
      expect(perReviewer.rev1).toMatchObject({ decidedByReviewer: 2 });
      expect(perReviewer.rev2).toMatchObject({ decidedByReviewer: 6 });
      const revokes = await rev1.get(`/v1/access-reviews/${reviewId}/items?reviewer=rev1&decision=Revoke`);
      expect(revokes.body.items.map((i: { subject: { name: string } }) => i.subject.name).sort()).toEqual([
        'alice',
        'alice',
        'alice',
        'carol',
        'dave',
      ]);

      // Reviewers may not complete; the campaign's administrator (here the root) does.
      expect((await rev1.post(`/v1/access-reviews/${reviewId}/completion`)).status).toBe(403);
      const completed = await root.post(`/v1/access-reviews/${reviewId}/completion`);
      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({
        status: 'Completed',
        outcomes: { Revoked: 4, AlreadyRemoved: 1, ChangedSinceSnapshot: 1, Kept: 2, LeftAsIs: 4 },
      });
      const late = await decide(rev2, find('GroupMembership', 'bob'), 'Revoke');
      expect([late.status, late.body.error.code]).toEqual([409, 'InvalidStatus.AccessReview']);
      expect((await root.post(`/v1/access-reviews/${reviewId}/completion`)).status).toBe(409);

      // At the completion's position: the revoked access is gone, the kept and the later-granted remain.
      const after = at(completed);
      expect(await check('alice', 'arms:GetTrace', after)).toBe('ImplicitDeny');
      expect(await check('alice', 'ram:ListUsers', after)).toBe('ImplicitDeny');
      expect(await check('rev1', 'arms:GetTrace', after)).toBe('ImplicitDeny');
      expect(await check('bob', 'arms:GetTrace', after)).toBe('Allow');
      expect(await check('dave', 'arms:GetTrace', after)).toBe('Allow');
      expect(await check('erin', 'arms:GetTrace', after)).toBe('Allow');
      expect((await as(carolKey).get('/v1/users/carol/access-keys')).status).toBe(401);
      const carolKeys = await root.get('/v1/users/carol/access-keys');
      expect(carolKeys.body.accessKeys[0].status).toBe('Inactive');

      // Each revocation is one identity event, by the reviewer, marked with the campaign and the item.
      const { rows } = await db.query(
        `SELECT event_type, data->>'itemId' AS item_id, metadata->>'actorArn' AS actor FROM events
       WHERE data->>'accessReviewId' = $1 ORDER BY global_position`,
        [reviewId],
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          {
            event_type: 'UserRemovedFromGroup',
            item_id: find('GroupMembership', 'alice'),
            actor: `acs:ram::${account}:user/rev1`,
          },
          {
            event_type: 'UserRemovedFromGroup',
            item_id: find('GroupMembership', 'rev1'),
            actor: `acs:ram::${account}:user/rev2`,
          },
          {
            event_type: 'PolicyDetached',
            item_id: find('PolicyAttachment', 'alice', 'AliyunRAMReadOnlyAccess'),
            actor: `acs:ram::${account}:user/rev2`,
          },
          {
            event_type: 'AccessKeyStatusChanged',
            item_id: find('AccessKey', 'carol'),
            actor: `acs:ram::${account}:user/rev2`,
          },
        ]),
      );
      expect(rows).toHaveLength(4);

      // The CSV report parses (RFC 4180) and says exactly what was decided and done.
      const csv = await root.get(`/v1/access-reviews/${reviewId}/report?format=csv`);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const report = Object.fromEntries(csvObjects(csv.body as string).map((row) => [row.itemId, row]));
      expect(Object.keys(report)).toHaveLength(12);
      const json = await root.get(`/v1/access-reviews/${reviewId}/report?format=json`);
      expect(json.body.items.map((row: Record<string, string>) => report[row.itemId])).toEqual(
        json.body.items,
      );
      expect(report[find('GroupMembership', 'alice')]).toMatchObject({
        decision: 'Revoke',
        decisionSource: 'Reviewer',
        decidedBy: `acs:ram::${account}:user/rev1`,
        comment,
        outcome: 'Revoked',
        revocationEventType: 'UserRemovedFromGroup',
        revocationPosition: expect.stringMatching(/^\d+$/),
      });
      expect(report[find('GroupMembership', 'dave')]).toMatchObject({
        decision: 'Revoke',
        outcome: 'ChangedSinceSnapshot',
        revocationPosition: '',
      });
      expect(report[find('PolicyAttachment', 'alice', 'AliyunSTSAssumeRoleAccess')]).toMatchObject({
        outcome: 'AlreadyRemoved',
      });
      expect(report[find('GroupMembership', 'bob')]).toMatchObject({ decision: 'Keep', outcome: 'Kept' });
      expect(report[find('GroupMembership', 'rev1')]).toMatchObject({
        decidedBy: `acs:ram::${account}:user/rev2`,
        comment: 'not on call',
      });
      expect(report[find('AccessKey', 'rev1')]).toMatchObject({
        decision: 'None',
        decisionSource: 'Default',
        outcome: 'LeftAsIs',
      });
      for (const row of Object.values(report)) {
        if (row.outcome !== 'Revoked') continue;
        const position = Number(row.revocationPosition);
        const stored = await db.query(
          `SELECT data->>'itemId' AS item_id FROM events WHERE global_position = $1`,
          [position],
        );
        expect(stored.rows[0].item_id).toBe(row.itemId);
      }
    });

    const campaign = (body: object) =>
      root.post('/v1/access-reviews', {
        reviewers: { mode: 'users', userNames: ['auditor'] },
        dueAt: new Date(Date.now() + 3600_000).toISOString(),
        defaultDecision: 'None',
        ...body,
      });
    let auditing: Promise<Client> | undefined;
    /** The reviewer of the campaigns below, created once (after the first test, whose scope is global). */
    const theAuditor = () => (auditing ??= reviewer('auditor'));
    const itemsOf = async (client: Client, reviewId: string) =>
      (await client.get(`/v1/access-reviews/${reviewId}/items`)).body.items as {
        itemId: string;
        subject: { name: string };
        target: Record<string, string>;
      }[];
    const decideAs = (client: Client, reviewId: string, itemId: string, decision: string) =>
      ok(client.post(`/v1/access-reviews/${reviewId}/items/${itemId}/decision`, { decision }));

    it('removes a trusted principal through the role decider, once, when two completions race', async () => {
      const auditor = await theAuditor();
      const tina = await setup.user('tina', ['AliyunSTSAssumeRoleAccess']);
      const ursula = await setup.user('ursula', ['AliyunSTSAssumeRoleAccess']);
      const trusted = [`acs:ram::${account}:user/tina`, `acs:ram::${account}:user/ursula`];
      await setup.role('deployer', trustPolicy(trusted));
      const started = await campaign({
        name: 'deployer trust',
        scope: { types: ['RoleTrust'], roleNames: ['deployer'] },
      });
      expect(started.status).toBe(201);
      const reviewId: string = started.body.reviewId;
      const items = await itemsOf(auditor, reviewId);
      expect(items.map((i) => i.subject.name).sort()).toEqual(trusted);
      const entry = (name: string) => items.find((i) => i.subject.name.endsWith(`/${name}`))!.itemId;
      await decideAs(auditor, reviewId, entry('tina'), 'Revoke');
      await decideAs(auditor, reviewId, entry('ursula'), 'Keep');

      const racing = await Promise.all(
        [1, 2].map(() => root.post(`/v1/access-reviews/${reviewId}/completion`)),
      );
      expect(racing.map((r) => r.status)).toContain(200);
      for (const response of racing) expect([200, 409]).toContain(response.status);
      const { rows } = await db.query(
        `SELECT event_type, metadata->>'actorArn' AS actor FROM events WHERE data->>'accessReviewId' = $1`,
        [reviewId],
      );
      expect(rows).toEqual([{ event_type: 'TrustPolicyChanged', actor: `acs:ram::${account}:user/auditor` }]);

      const done = racing.find((r) => r.status === 200)!;
      const role = await root.get('/v1/roles/deployer', at(done));
      expect(role.body.trustPolicyVersion).toBe(2);
      expect(JSON.parse(role.body.assumeRolePolicyDocument).Statement[0].Principal.RAM).toEqual([trusted[1]]);
      const assume = (client: Client) =>
        client.post(
          '/v1/sts/assume-role',
          { roleArn: `acs:ram::${account}:role/deployer`, roleSessionName: 'deploy-1' },
          at(done),
        );
      expect((await assume(tina)).status).toBe(403);
      expect((await assume(ursula)).status).toBe(200);
    });

    it('closes by itself at the due date with its default, and starts the next quarter marking what it certified', async () => {
      const auditor = await theAuditor();
      for (const name of ['nina', 'oscar']) await user(name);
      await ok(root.post('/v1/groups', { groupName: 'night-shift' }));
      await ok(root.put('/v1/groups/night-shift/policies/System/AliyunARMSReadOnlyAccess'));
      for (const name of ['nina', 'oscar']) await ok(root.put(`/v1/groups/night-shift/members/${name}`));
      const dueAt = new Date(Date.now() + 2000).toISOString();
      const started = await campaign({
        name: 'night shift',
        scope: { types: ['GroupMembership'], groupNames: ['night-shift'] },
        dueAt,
        defaultDecision: 'Revoke',
        recurrence: 'Quarterly',
      });
      expect(started.status).toBe(201);
      const reviewId: string = started.body.reviewId;
      expect((await auditor.get(`/v1/access-reviews/${reviewId}`)).body.progress).toMatchObject({
        items: 2,
        decided: 0,
      });

      // Nobody decides nina's membership; oscar's is kept. The worker closes the campaign at its due date.
      const items = await itemsOf(auditor, reviewId);
      await decideAs(auditor, reviewId, items.find((i) => i.subject.name === 'oscar')!.itemId, 'Keep');
      let review = (await root.get(`/v1/access-reviews/${reviewId}`)).body;
      for (let i = 0; i < 100 && review.status !== 'Completed'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        review = (await root.get(`/v1/access-reviews/${reviewId}`)).body;
      }
      expect(review).toMatchObject({
        status: 'Completed',
        completion: { trigger: 'DueDate', completedBy: `acs:ram::${account}:service/access-ledger` },
        outcomes: { Revoked: 1, Kept: 1 },
      });
      const report = (await root.get(`/v1/access-reviews/${reviewId}/report`)).body;
      const nina = report.items.find((row: { subject: string }) => row.subject.endsWith('/nina'));
      expect(nina).toMatchObject({ decision: 'Revoke', decisionSource: 'Default', outcome: 'Revoked' });
      const members = await root.get('/v1/groups/night-shift/members', {
        'ledger-min-position': nina.revocationPosition,
      });
      expect(members.body.users.map((m: { userName: string }) => m.userName)).toEqual(['oscar']);

      const next = (await root.get(`/v1/access-reviews/${review.nextReviewId}`)).body;
      const quarterLater = new Date(dueAt);
      quarterLater.setUTCMonth(quarterLater.getUTCMonth() + 3);
      expect(next).toMatchObject({
        status: 'Open',
        dueAt: quarterLater.toISOString(),
        previousCertifiedReviewId: reviewId,
        progress: { items: 1 },
      });
      const [oscar] = await itemsOf(root, review.nextReviewId);
      expect(oscar).toMatchObject({
        subject: { name: 'oscar' },
        evidence: { changeSinceLastCertified: 'Unchanged' },
      });
      const listed = await root.get('/v1/access-reviews?status=Open');
      expect(listed.body.items.map((r: { reviewId: string }) => r.reviewId)).toContain(review.nextReviewId);
    });

    it('owners review their targets, with how each access was obtained; the only owner of their own access is flagged', async () => {
      const arnOf = (name: string) => `acs:ram::${account}:user/${name}`;
      const requests = accessRequests(root);
      const selfService = allowPolicy(['ram:CreateAccessRequest', 'ram:GetAccessRequest']);
      await ok(root.post('/v1/policies', { policyName: 'self-service', policyDocument: selfService }));
      const pat = await reviewer('pat');
      const quinn = await reviewer('quinn');
      const requester = async (name: string) => {
        const client = await setup.user(name, ['AliyunSTSAssumeRoleAccess']);
        await ok(root.put(`/v1/users/${name}/policies/Custom/self-service`));
        return client;
      };
      const rita = await requester('rita');
      const sam = await requester('sam');
      for (const group of ['payments', 'vault']) {
        await ok(root.post('/v1/groups', { groupName: group }));
        await ok(root.put(`/v1/groups/${group}/policies/System/AliyunARMSReadOnlyAccess`));
      }
      for (const [group, owner] of [
        ['payments', 'pat'],
        ['payments', 'quinn'],
        ['vault', 'pat'],
      ])
        await ok(root.put(`/v1/groups/${group}/owners/${owner}`));
      for (const [group, member] of [
        ['payments', 'sam'],
        ['payments', 'quinn'],
        ['vault', 'pat'],
      ])
        await ok(root.put(`/v1/groups/${group}/members/${member}`));
      await setup.role('payroll', trustPolicy([arnOf('nobody')]));
      await ok(root.put('/v1/roles/payroll/owners/pat'));
      await setup.settled();
      const joined = await requests.submit(rita, { type: 'GroupMembership', groupName: 'payments' });
      expect((await requests.approve(pat, joined.body.requestId)).body.status).toBe('Approved');
      const eligible = await requests.submit(sam, { type: 'RoleAssumption', roleName: 'payroll' });
      expect((await requests.approve(pat, eligible.body.requestId)).body.status).toBe('Approved');

      const started = await root.post('/v1/access-reviews', {
        name: 'payments owners',
        scope: {
          types: ['GroupMembership', 'RoleTrust'],
          groupNames: ['payments', 'vault'],
          roleNames: ['payroll'],
        },
        reviewers: { mode: 'owners' },
        dueAt: new Date(Date.now() + 3600_000).toISOString(),
        defaultDecision: 'None',
      });
      expect(started.status).toBe(201);
      const reviewId: string = started.body.reviewId;
      const items = (await root.get(`/v1/access-reviews/${reviewId}/items`)).body.items as {
        itemId: string;
        type: string;
        subject: { name: string };
        target: Record<string, string>;
        reviewers: { userName: string }[];
        flag?: string;
        evidence: Record<string, unknown>;
      }[];
      const item = (type: string, subject: string, group?: string) =>
        items.find(
          (i) => i.type === type && i.subject.name === subject && (!group || i.target.groupName === group),
        )!;
      const reviewersOf = (i: { reviewers: { userName: string }[] }) => i.reviewers.map((r) => r.userName);
      expect(items).toHaveLength(6);
      expect(reviewersOf(item('GroupMembership', 'rita'))).toEqual(['pat', 'quinn']);
      expect(item('GroupMembership', 'rita').evidence).toMatchObject({
        obtainedVia: 'AccessRequest',
        accessRequestId: joined.body.requestId,
        approvers: [arnOf('pat')],
      });
      expect(item('GroupMembership', 'sam').evidence).toMatchObject({
        obtainedVia: 'DirectGrant',
        grantedBy: `acs:ram::${account}:root`,
      });
      expect(reviewersOf(item('GroupMembership', 'quinn'))).toEqual(['pat']);
      expect(item('GroupMembership', 'pat', 'vault')).toMatchObject({
        reviewers: [],
        flag: 'NoEligibleReviewer',
      });
      const eligibility = item('RoleTrust', 'sam');
      expect(eligibility).toMatchObject({
        target: { roleName: 'payroll', entry: 'Eligibility' },
        evidence: { obtainedVia: 'AccessRequest', accessRequestId: eligible.body.requestId },
      });
      expect(reviewersOf(item('RoleTrust', arnOf('nobody')))).toEqual(['pat']);

      const ownItem = item('GroupMembership', 'quinn').itemId;
      const own = await quinn.post(`/v1/access-reviews/${reviewId}/items/${ownItem}/decision`, {
        decision: 'Keep',
      });
      expect(own.body.error.code).toBe('ConflictOfInterest');
      await decideAs(quinn, reviewId, item('GroupMembership', 'rita').itemId, 'Revoke');
      await decideAs(pat, reviewId, eligibility.itemId, 'Revoke');
      const completed = await root.post(`/v1/access-reviews/${reviewId}/completion`);
      expect(completed.body.outcomes).toMatchObject({ Revoked: 2, LeftAsIs: 4 });

      expect(await check('rita', 'arms:GetTrace', at(completed))).toBe('ImplicitDeny');
      expect(await check('sam', 'arms:GetTrace', at(completed))).toBe('Allow');
      const assumed = await sam.post(
        '/v1/sts/assume-role',
        { roleArn: `acs:ram::${account}:role/payroll`, roleSessionName: 'sam-payroll' },
        at(completed),
      );
      expect(assumed.status).toBe(403);
      const { rows } = await db.query(
        `SELECT event_type, metadata->>'actorArn' AS actor FROM events WHERE data->>'accessReviewId' = $1
         ORDER BY event_type`,
        [reviewId],
      );
      expect(rows).toEqual([
        { event_type: 'RoleEligibilityEnded', actor: arnOf('pat') },
        { event_type: 'UserRemovedFromGroup', actor: arnOf('quinn') },
      ]);
      const report = csvObjects(
        (await root.get(`/v1/access-reviews/${reviewId}/report?format=csv`)).body as string,
      );
      expect(
        report.find((row) => row.itemId === item('GroupMembership', 'pat', 'vault').itemId),
      ).toMatchObject({
        flag: 'NoEligibleReviewer',
        outcome: 'LeftAsIs',
      });
    });

    it('refuses bad input with RAM-style errors, an unknown reviewer or campaign, and calls without credentials', async () => {
      await user('valerie');
      const valid = {
        name: 'checks',
        scope: { types: ['GroupMembership'] },
        reviewers: { mode: 'users', userNames: ['valerie'] },
        dueAt: new Date(Date.now() + 3600_000).toISOString(),
        defaultDecision: 'Keep',
      };
      const refusal = async (body: object) => {
        const response = await root.post('/v1/access-reviews', { ...valid, ...body });
        return [response.status, response.body.error?.code];
      };
      expect(await refusal({ extra: 1 })).toEqual([400, 'InvalidParameter.Extra']);
      expect(await refusal({ scope: { types: [] } })).toEqual([400, 'MissingParameter.Scope.Types']);
      expect(await refusal({ scope: { types: ['Everything'] } })).toEqual([
        400,
        'InvalidParameter.Scope.Types',
      ]);
      expect(await refusal({ scope: { types: ['AccessKey'], userNames: ['x'] } })).toEqual([
        400,
        'InvalidParameter.Scope',
      ]);
      expect(await refusal({ reviewers: { mode: 'users' } })).toEqual([
        400,
        'MissingParameter.Reviewers.UserNames',
      ]);
      expect(await refusal({ reviewers: { mode: 'owners', userNames: ['valerie'] } })).toEqual([
        400,
        'InvalidParameter.Reviewers.UserNames',
      ]);
      expect(await refusal({ reviewers: { mode: 'users', userNames: ['nobody-here'] } })).toEqual([
        404,
        'EntityNotExist.User',
      ]);
      expect(await refusal({ dueAt: '2020-01-01T00:00:00Z' })).toEqual([400, 'InvalidParameter.DueAt']);
      expect(await refusal({ dueAt: 'tomorrow' })).toEqual([400, 'InvalidParameter.DueAt']);
      expect(await refusal({ defaultDecision: 'Maybe' })).toEqual([400, 'InvalidParameter.DefaultDecision']);
      expect(await refusal({ recurrence: 'Weekly' })).toEqual([400, 'InvalidParameter.Recurrence']);
      expect((await root.get('/v1/access-reviews/not-an-id')).body.error.code).toBe(
        'EntityNotExist.AccessReview',
      );
      const absent = '00000000-0000-4000-8000-000000000000';
      expect((await root.get(`/v1/access-reviews/${absent}`)).status).toBe(404);
      expect((await root.post(`/v1/access-reviews/${absent}/completion`)).status).toBe(404);
      expect((await root.get('/v1/access-reviews?status=Sleeping')).status).toBe(400);
      const started = await root.post('/v1/access-reviews', valid);
      const reviewId = started.body.reviewId;
      expect((await root.get(`/v1/access-reviews/${reviewId}/report?format=xml`)).status).toBe(400);
      expect((await root.get(`/v1/access-reviews/${reviewId}/items?decision=Maybe`)).status).toBe(400);
      const rootDecision = await root.post(`/v1/access-reviews/${reviewId}/items/x/decision`, {
        decision: 'Keep',
      });
      expect(rootDecision.status).toBe(404);
      expect((await httpClient(running.url).get(`/v1/access-reviews/${reviewId}`)).status).toBe(401);
      const replay = { 'idempotency-key': 'review-once' };
      const first = await root.post('/v1/access-reviews', valid, replay);
      const again = await root.post('/v1/access-reviews', valid, replay);
      expect([first.status, again.status, again.body.reviewId]).toEqual([201, 201, first.body.reviewId]);
    });
  },
);
