import { nextDueAt } from '#governance';
import { accessRequests } from './support/access-requests.js';
import { accessReviewWorld, at } from './support/access-review-world.js';
import { csvObjects } from './support/csv.js';
import { type Client, trustPolicy } from './support/ram-setup.js';
import type { TransportKind } from './support/test-service.js';
import { allowPolicy } from './support/policy-documents.js';

/**
 * Access reviews beyond one campaign's decisions: trust entries and eligibilities, racing completions, the
 * due date with its default and the next quarter, and owners as reviewers.
 */
describe.each<TransportKind>(['in-process', 'kafka'])(
  'access review governance (%s transport)',
  (transport) => {
    const w = accessReviewWorld(transport);
    const campaign = (body: object) =>
      w.root.post('/v1/access-reviews', {
        reviewers: { mode: 'users', userNames: ['auditor'] },
        dueAt: new Date(Date.now() + 3600_000).toISOString(),
        defaultDecision: 'None',
        ...body,
      });
    let auditing: Promise<Client> | undefined;
    /** The reviewer of the campaigns below, created once. */
    const theAuditor = () => (auditing ??= w.reviewer('auditor'));
    const decideAs = async (client: Client, reviewId: string, itemId: string, decision: string) => {
      const response = await w.decide(client, reviewId, itemId, decision);
      if (response.status !== 200) throw new Error(`decision answered ${response.status}`);
      return response;
    };

    it('removes a trusted principal through the role decider, once, when two completions race', async () => {
      const auditor = await theAuditor();
      const tina = await w.setup.user('tina', ['AliyunSTSAssumeRoleAccess']);
      const ursula = await w.setup.user('ursula', ['AliyunSTSAssumeRoleAccess']);
      const trusted = [`acs:ram::${w.account}:user/tina`, `acs:ram::${w.account}:user/ursula`];
      await w.setup.role('deployer', trustPolicy(trusted));
      const started = await campaign({
        name: 'deployer trust',
        scope: { types: ['RoleTrust'], roleNames: ['deployer'] },
      });
      expect(started.status).toBe(201);
      const reviewId: string = started.body.reviewId;
      const items = await w.itemsOf(auditor, reviewId);
      expect(items.map((i) => i.subject.name).sort()).toEqual(trusted);
      const entry = (name: string) => items.find((i) => i.subject.name.endsWith(`/${name}`))!.itemId;
      await decideAs(auditor, reviewId, entry('tina'), 'Revoke');
      await decideAs(auditor, reviewId, entry('ursula'), 'Keep');

      const racing = await Promise.all(
        [1, 2].map(() => w.root.post(`/v1/access-reviews/${reviewId}/completion`)),
      );
      expect(racing.map((r) => r.status)).toContain(200);
      for (const response of racing) expect([200, 409]).toContain(response.status);
      const { rows } = await w.db.query(
        `SELECT event_type, metadata->>'actorArn' AS actor FROM events WHERE data->>'accessReviewId' = $1`,
        [reviewId],
      );
      expect(rows).toEqual([
        { event_type: 'TrustPolicyChanged', actor: `acs:ram::${w.account}:user/auditor` },
      ]);

      const done = racing.find((r) => r.status === 200)!;
      const role = await w.root.get('/v1/roles/deployer', at(done));
      expect(role.body.trustPolicyVersion).toBe(2);
      expect(JSON.parse(role.body.assumeRolePolicyDocument).Statement[0].Principal.RAM).toEqual([trusted[1]]);
      const assume = (client: Client) =>
        client.post(
          '/v1/sts/assume-role',
          { roleArn: `acs:ram::${w.account}:role/deployer`, roleSessionName: 'deploy-1' },
          at(done),
        );
      expect((await assume(tina)).status).toBe(403);
      expect((await assume(ursula)).status).toBe(200);
    });

    it('closes by itself at the due date with its default, and starts the next quarter marking what it certified', async () => {
      const auditor = await theAuditor();
      for (const name of ['nina', 'oscar']) await w.user(name);
      await w.ok(w.root.post('/v1/groups', { groupName: 'night-shift' }));
      await w.ok(w.root.put('/v1/groups/night-shift/policies/System/AliyunARMSReadOnlyAccess'));
      for (const name of ['nina', 'oscar']) await w.ok(w.root.put(`/v1/groups/night-shift/members/${name}`));
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
      const items = await w.itemsOf(auditor, reviewId);
      await decideAs(auditor, reviewId, items.find((i) => i.subject.name === 'oscar')!.itemId, 'Keep');
      let review = (await w.root.get(`/v1/access-reviews/${reviewId}`)).body;
      for (let i = 0; i < 100 && review.status !== 'Completed'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        review = (await w.root.get(`/v1/access-reviews/${reviewId}`)).body;
      }
      expect(review).toMatchObject({
        status: 'Completed',
        completion: { trigger: 'DueDate', completedBy: `acs:ram::${w.account}:service/access-ledger` },
        outcomes: { Revoked: 1, Kept: 1 },
      });
      const report = (await w.root.get(`/v1/access-reviews/${reviewId}/report`)).body;
      const nina = report.items.find((row: { subject: string }) => row.subject.endsWith('/nina'));
      expect(nina).toMatchObject({ decision: 'Revoke', decisionSource: 'Default', outcome: 'Revoked' });
      const members = await w.root.get('/v1/groups/night-shift/members', {
        'ledger-min-position': nina.revocationPosition,
      });
      expect(members.body.users.map((m: { userName: string }) => m.userName)).toEqual(['oscar']);

      const next = (await w.root.get(`/v1/access-reviews/${review.nextReviewId}`)).body;
      // Three months on (the day clamped to a shorter month: nextDueAt's unit spec).
      const quarterLater = nextDueAt(new Date(dueAt), new Date());
      expect(next).toMatchObject({
        status: 'Open',
        dueAt: quarterLater.toISOString(),
        previousCertifiedReviewId: reviewId,
        progress: { items: 1 },
      });
      const [oscar] = await w.itemsOf(w.root, review.nextReviewId);
      expect(oscar).toMatchObject({
        subject: { name: 'oscar' },
        evidence: { changeSinceLastCertified: 'Unchanged' },
      });
      const listed = await w.root.get('/v1/access-reviews?status=Open');
      expect(listed.body.items.map((r: { reviewId: string }) => r.reviewId)).toContain(review.nextReviewId);
    });

    it('owners review their targets, with how each access was obtained; the only owner of their own access is flagged', async () => {
      const requests = accessRequests(w.root);
      const selfService = allowPolicy(['ram:CreateAccessRequest', 'ram:GetAccessRequest']);
      await w.ok(w.root.post('/v1/policies', { policyName: 'self-service', policyDocument: selfService }));
      const pat = await w.reviewer('pat');
      const quinn = await w.reviewer('quinn');
      const requester = async (name: string) => {
        const client = await w.setup.user(name, ['AliyunSTSAssumeRoleAccess']);
        await w.ok(w.root.put(`/v1/users/${name}/policies/Custom/self-service`));
        return client;
      };
      const rita = await requester('rita');
      const sam = await requester('sam');
      for (const group of ['payments', 'vault']) {
        await w.ok(w.root.post('/v1/groups', { groupName: group }));
        await w.ok(w.root.put(`/v1/groups/${group}/policies/System/AliyunARMSReadOnlyAccess`));
      }
      for (const [group, owner] of [
        ['payments', 'pat'],
        ['payments', 'quinn'],
        ['vault', 'pat'],
      ])
        await w.ok(w.root.put(`/v1/groups/${group}/owners/${owner}`));
      for (const [group, member] of [
        ['payments', 'sam'],
        ['payments', 'quinn'],
        ['vault', 'pat'],
      ])
        await w.ok(w.root.put(`/v1/groups/${group}/members/${member}`));
      await w.setup.role('payroll', trustPolicy([w.arnOf('nobody')]));
      await w.ok(w.root.put('/v1/roles/payroll/owners/pat'));
      await w.setup.settled();
      const joined = await requests.submit(rita, { type: 'GroupMembership', groupName: 'payments' });
      expect((await requests.approve(pat, joined.body.requestId)).body.status).toBe('Approved');
      const eligible = await requests.submit(sam, { type: 'RoleAssumption', roleName: 'payroll' });
      expect((await requests.approve(pat, eligible.body.requestId)).body.status).toBe('Approved');

      const started = await w.root.post('/v1/access-reviews', {
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
      const items = await w.itemsOf(w.root, reviewId);
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
        approvers: [w.arnOf('pat')],
      });
      expect(item('GroupMembership', 'sam').evidence).toMatchObject({
        obtainedVia: 'DirectGrant',
        grantedBy: `acs:ram::${w.account}:root`,
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
      expect(reviewersOf(item('RoleTrust', w.arnOf('nobody')))).toEqual(['pat']);

      const ownItem = item('GroupMembership', 'quinn').itemId;
      const own = await quinn.post(`/v1/access-reviews/${reviewId}/items/${ownItem}/decision`, {
        decision: 'Keep',
      });
      expect(own.body.error.code).toBe('ConflictOfInterest');
      await decideAs(quinn, reviewId, item('GroupMembership', 'rita').itemId, 'Revoke');
      await decideAs(pat, reviewId, eligibility.itemId, 'Revoke');
      const completed = await w.root.post(`/v1/access-reviews/${reviewId}/completion`);
      expect(completed.body.outcomes).toMatchObject({ Revoked: 2, LeftAsIs: 4 });

      expect(await w.check('rita', 'arms:GetTrace', at(completed))).toBe('ImplicitDeny');
      expect(await w.check('sam', 'arms:GetTrace', at(completed))).toBe('Allow');
      const assumed = await sam.post(
        '/v1/sts/assume-role',
        { roleArn: `acs:ram::${w.account}:role/payroll`, roleSessionName: 'sam-payroll' },
        at(completed),
      );
      expect(assumed.status).toBe(403);
      const { rows } = await w.db.query(
        `SELECT event_type, metadata->>'actorArn' AS actor FROM events WHERE data->>'accessReviewId' = $1
         ORDER BY event_type`,
        [reviewId],
      );
      expect(rows).toEqual([
        { event_type: 'RoleEligibilityEnded', actor: w.arnOf('pat') },
        { event_type: 'UserRemovedFromGroup', actor: w.arnOf('quinn') },
      ]);
      const report = csvObjects(
        (await w.root.get(`/v1/access-reviews/${reviewId}/report?format=csv`)).body as string,
      );
      expect(
        report.find((row) => row.itemId === item('GroupMembership', 'pat', 'vault').itemId),
      ).toMatchObject({
        flag: 'NoEligibleReviewer',
        outcome: 'LeftAsIs',
      });
    });
  },
);
