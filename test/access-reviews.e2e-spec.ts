import { csvObjects } from './support/csv.js';
import { httpClient } from './support/http-client.js';
import { accessReviewWorld, at } from './support/access-review-world.js';
import type { TransportKind } from './support/test-service.js';

/**
 * A quarterly access review over HTTP: the campaign certifies a frozen snapshot, two reviewers decide, and
 * completion removes exactly what was rejected and still is the certified grant.
 */
describe.each<TransportKind>(['in-process', 'kafka'])(
  'access reviews over HTTP (%s transport)',
  (transport) => {
    const w = accessReviewWorld(transport);
    const keyOf = async (userName: string) =>
      (await w.ok(w.root.post(`/v1/users/${userName}/access-keys`))).body;
    const as = (key: { accessKeyId: string; accessKeySecret: string }) =>
      httpClient(w.running.url, { authorization: `AccessKey ${key.accessKeyId}:${key.accessKeySecret}` });
    const join = (group: string, userName: string) =>
      w.ok(w.root.put(`/v1/groups/${group}/members/${userName}`));
    const leave = (group: string, userName: string) =>
      w.ok(w.root.delete(`/v1/groups/${group}/members/${userName}`));

    it('runs a full campaign: snapshot, two reviewers, self-review refused, completion, revocations in force', async () => {
      const rev1 = await w.reviewer('rev1');
      const rev2 = await w.reviewer('rev2');
      for (const name of ['alice', 'bob', 'dave', 'carol', 'erin']) await w.user(name);
      await w.ok(w.root.post('/v1/groups', { groupName: 'ops' }));
      await w.ok(w.root.put('/v1/groups/ops/policies/System/AliyunARMSReadOnlyAccess'));
      for (const name of ['alice', 'bob', 'dave', 'rev1']) await join('ops', name);
      await w.ok(w.root.put('/v1/users/alice/policies/System/AliyunRAMReadOnlyAccess'));
      await w.ok(w.root.put('/v1/users/alice/policies/System/AliyunSTSAssumeRoleAccess'));
      const carolKey = await keyOf('carol');

      const created = await w.root.post('/v1/access-reviews', {
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
      await w.ok(w.root.delete('/v1/users/alice/policies/System/AliyunSTSAssumeRoleAccess'));

      const { body: listed } = await rev1.get(`/v1/access-reviews/${reviewId}/items`);
      const items: {
        itemId: string;
        type: string;
        subject: { name: string };
        target: Record<string, string>;
      }[] = listed.items;
      expect(items).toHaveLength(12);
      expect(items.some((i) => i.subject.name === 'erin')).toBe(false);
      // Paged as every list (API.md "Pagination"): pages of 5 in item id order, the same 12 items.
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const query = `limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const { body: page } = await rev1.get(`/v1/access-reviews/${reviewId}/items?${query}`);
        expect(page.items.length).toBe(paged.length < 10 ? 5 : 2);
        paged.push(...page.items.map((i: { itemId: string }) => i.itemId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(items.map((i) => i.itemId).sort());
      expect((await rev1.get(`/v1/access-reviews/${reviewId}/items?cursor=nope`)).status).toBe(400);
      const find = (type: string, subject: string, detail?: string) =>
        items.find(
          (i) =>
            i.type === type &&
            i.subject.name === subject &&
            (!detail || Object.values(i.target).includes(detail)),
        )!.itemId;
      const decide = (client: typeof rev1, itemId: string, decision: string, comment?: string) =>
        w.decide(client, reviewId, itemId, decision, comment);

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
      await w.ok(decide(rev1, find('GroupMembership', 'bob'), 'Keep'));
      await w.ok(decide(rev2, find('GroupMembership', 'dave'), 'Revoke'));
      await w.ok(decide(rev2, find('GroupMembership', 'rev1'), 'Revoke', 'not on call'));
      await w.ok(decide(rev2, find('PolicyAttachment', 'alice', 'AliyunRAMReadOnlyAccess'), 'Revoke'));
      await w.ok(decide(rev2, find('PolicyAttachment', 'alice', 'AliyunSTSAssumeRoleAccess'), 'Revoke'));
      await w.ok(decide(rev2, find('PolicyAttachment', 'ops'), 'Keep'));
      await w.ok(decide(rev2, find('AccessKey', 'carol'), 'Revoke'));

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

      // Reviewers may not complete; the campaign's administrator (here the w.root) does.
      expect((await rev1.post(`/v1/access-reviews/${reviewId}/completion`)).status).toBe(403);
      const completed = await w.root.post(`/v1/access-reviews/${reviewId}/completion`);
      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({
        status: 'Completed',
        outcomes: { Revoked: 4, AlreadyRemoved: 1, ChangedSinceSnapshot: 1, Kept: 2, LeftAsIs: 4 },
      });
      const late = await decide(rev2, find('GroupMembership', 'bob'), 'Revoke');
      expect([late.status, late.body.error.code]).toEqual([409, 'InvalidStatus.AccessReview']);
      expect((await w.root.post(`/v1/access-reviews/${reviewId}/completion`)).status).toBe(409);

      // At the completion's position: the revoked access is gone, the kept and the later-granted remain.
      const after = at(completed);
      expect(await w.check('alice', 'arms:GetTrace', after)).toBe('ImplicitDeny');
      expect(await w.check('alice', 'ram:ListUsers', after)).toBe('ImplicitDeny');
      expect(await w.check('rev1', 'arms:GetTrace', after)).toBe('ImplicitDeny');
      expect(await w.check('bob', 'arms:GetTrace', after)).toBe('Allow');
      expect(await w.check('dave', 'arms:GetTrace', after)).toBe('Allow');
      expect(await w.check('erin', 'arms:GetTrace', after)).toBe('Allow');
      expect((await as(carolKey).get('/v1/users/carol/access-keys')).status).toBe(401);
      const carolKeys = await w.root.get('/v1/users/carol/access-keys');
      expect(carolKeys.body.accessKeys[0].status).toBe('Inactive');

      // Each revocation is one identity event, by the reviewer, marked with the campaign and the item.
      const { rows } = await w.db.query(
        `SELECT event_type, data->>'itemId' AS item_id, metadata->>'actorArn' AS actor FROM events
       WHERE data->>'accessReviewId' = $1 ORDER BY global_position`,
        [reviewId],
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          {
            event_type: 'UserRemovedFromGroup',
            item_id: find('GroupMembership', 'alice'),
            actor: `acs:ram::${w.account}:user/rev1`,
          },
          {
            event_type: 'UserRemovedFromGroup',
            item_id: find('GroupMembership', 'rev1'),
            actor: `acs:ram::${w.account}:user/rev2`,
          },
          {
            event_type: 'PolicyDetached',
            item_id: find('PolicyAttachment', 'alice', 'AliyunRAMReadOnlyAccess'),
            actor: `acs:ram::${w.account}:user/rev2`,
          },
          {
            event_type: 'AccessKeyStatusChanged',
            item_id: find('AccessKey', 'carol'),
            actor: `acs:ram::${w.account}:user/rev2`,
          },
        ]),
      );
      expect(rows).toHaveLength(4);

      // The CSV report parses (RFC 4180) and says exactly what was decided and done.
      const csv = await w.root.get(`/v1/access-reviews/${reviewId}/report?format=csv`);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const report = Object.fromEntries(csvObjects(csv.body as string).map((row) => [row.itemId, row]));
      expect(Object.keys(report)).toHaveLength(12);
      const json = await w.root.get(`/v1/access-reviews/${reviewId}/report?format=json`);
      expect(json.body.items.map((row: Record<string, string>) => report[row.itemId])).toEqual(
        json.body.items,
      );
      expect(report[find('GroupMembership', 'alice')]).toMatchObject({
        decision: 'Revoke',
        decisionSource: 'Reviewer',
        decidedBy: `acs:ram::${w.account}:user/rev1`,
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
        decidedBy: `acs:ram::${w.account}:user/rev2`,
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
        const stored = await w.db.query(
          `SELECT data->>'itemId' AS item_id FROM events WHERE global_position = $1`,
          [position],
        );
        expect(stored.rows[0].item_id).toBe(row.itemId);
      }
    });

    it('refuses bad input with RAM-style errors, an unknown reviewer or campaign, and calls without credentials', async () => {
      await w.user('valerie');
      const valid = {
        name: 'checks',
        scope: { types: ['GroupMembership'] },
        reviewers: { mode: 'users', userNames: ['valerie'] },
        dueAt: new Date(Date.now() + 3600_000).toISOString(),
        defaultDecision: 'Keep',
      };
      const refusal = async (body: object) => {
        const response = await w.root.post('/v1/access-reviews', { ...valid, ...body });
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
      expect((await w.root.get('/v1/access-reviews/not-an-id')).body.error.code).toBe(
        'EntityNotExist.AccessReview',
      );
      const absent = '00000000-0000-4000-8000-000000000000';
      expect((await w.root.get(`/v1/access-reviews/${absent}`)).status).toBe(404);
      expect((await w.root.post(`/v1/access-reviews/${absent}/completion`)).status).toBe(404);
      expect((await w.root.get('/v1/access-reviews?status=Sleeping')).status).toBe(400);
      const started = await w.root.post('/v1/access-reviews', valid);
      const reviewId = started.body.reviewId;
      expect((await w.root.get(`/v1/access-reviews/${reviewId}/report?format=xml`)).status).toBe(400);
      expect((await w.root.get(`/v1/access-reviews/${reviewId}/items?decision=Maybe`)).status).toBe(400);
      const rootDecision = await w.root.post(`/v1/access-reviews/${reviewId}/items/x/decision`, {
        decision: 'Keep',
      });
      expect(rootDecision.status).toBe(404);
      expect((await httpClient(w.running.url).get(`/v1/access-reviews/${reviewId}`)).status).toBe(401);
      const replay = { 'idempotency-key': 'review-once' };
      const first = await w.root.post('/v1/access-reviews', valid, replay);
      const again = await w.root.post('/v1/access-reviews', valid, replay);
      expect([first.status, again.status, again.body.reviewId]).toEqual([201, 201, first.body.reviewId]);
    });
  },
);
