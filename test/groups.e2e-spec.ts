import { Database } from '#event-store';
import { httpClient } from './support/http-client.js';
import { startTestService, type TestService, type TransportKind } from './support/test-service.js';

describe.each<TransportKind>(['in-process', 'kafka'])('groups over HTTP (%s transport)', (transport) => {
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
  const at = (response: { headers: Headers }) => ({
    'ledger-min-position': response.headers.get('ledger-position')!,
  });
  const createUser = async (userName: string) => {
    const created = await api.post('/v1/users', { userName, kind: 'human' });
    expect(created.status).toBe(201);
    return created;
  };
  const createGroup = async (groupName: string, comments?: string) => {
    const created = await api.post('/v1/groups', { groupName, ...(comments !== undefined && { comments }) });
    expect(created.status).toBe(201);
    return created;
  };
  const codeOf = (response: { status: number; body: { error?: { code: string } } }) => [
    response.status,
    response.body?.error?.code,
  ];

  it('creates, reads, updates and lists a group', async () => {
    const created = await createGroup('Ops', 'on call');
    expect(created.body).toMatchObject({ groupName: 'Ops', comments: 'on call' });
    expect(created.body.groupId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.body.arn).toBe(`acs:ram::${running.service.accountId}:group/Ops`);
    expect(Number(created.headers.get('ledger-position'))).toBeGreaterThan(0);

    const read = await api.get('/v1/groups/ops', at(created));
    expect([read.status, read.body]).toEqual([200, created.body]);

    const updated = await api.patch('/v1/groups/OPS', { comments: 'pager duty' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      groupId: created.body.groupId,
      groupName: 'Ops',
      comments: 'pager duty',
    });
    const reread = await api.get('/v1/groups/Ops', at(updated));
    expect(reread.body.comments).toBe('pager duty');

    const before = await countEvents();
    const same = await api.patch('/v1/groups/Ops', { comments: 'pager duty' });
    expect(same.status).toBe(200);
    expect(await countEvents()).toBe(before);

    const stream = await db.query<{ event_type: string }>(
      `SELECT event_type FROM events WHERE stream_id = $1 ORDER BY stream_version`,
      [`group-${created.body.groupId}`],
    );
    expect(stream.rows.map((r) => r.event_type)).toEqual(['GroupCreated', 'GroupUpdated']);
  });

  it('pages through groups with a cursor', async () => {
    let last = await createGroup('page-a');
    for (const name of ['page-b', 'page-c']) last = await createGroup(name);
    const first = await api.get('/v1/groups?limit=2', at(last));
    expect(first.body.groups).toHaveLength(2);
    const rest = await api.get(`/v1/groups?limit=1000&cursor=${first.body.nextCursor}`);
    const names = [...first.body.groups, ...rest.body.groups].map((g: { groupName: string }) => g.groupName);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['page-a', 'page-b', 'page-c']));
    expect(codeOf(await api.get('/v1/groups?cursor=bogus'))).toEqual([400, 'InvalidParameter.Cursor']);
  });

  it.each([
    [{ groupName: 'bad name' }, 'InvalidParameter.GroupName'],
    [{ groupName: 'ops@corp' }, 'InvalidParameter.GroupName'],
    [{ groupName: 'g'.repeat(65) }, 'InvalidParameter.GroupName'],
    [{ groupName: '' }, 'InvalidParameter.GroupName'],
    [{}, 'MissingParameter.GroupName'],
    [{ groupName: 'x', comments: 'c'.repeat(129) }, 'InvalidParameter.Comments'],
    [{ groupName: 'x', groupId: 'mine' }, 'InvalidParameter.GroupId'],
    [{ groupName: 'x', createDate: '2020-01-01' }, 'InvalidParameter.CreateDate'],
    [{ groupName: 42 }, 'InvalidParameter.GroupName'],
  ])('refuses to create %j with 400 %s and appends nothing', async (body, code) => {
    const before = await countEvents();
    expect(codeOf(await api.post('/v1/groups', body))).toEqual([400, code]);
    expect(await countEvents()).toBe(before);
  });

  it('refuses a duplicate name case-insensitively; one of 10 racing creates wins', async () => {
    await createGroup('dup');
    expect(codeOf(await api.post('/v1/groups', { groupName: 'DUP' }))).toEqual([
      409,
      'EntityAlreadyExists.Group',
    ]);
    const racing = await Promise.all(
      Array.from({ length: 10 }, () => api.post('/v1/groups', { groupName: 'raced' })),
    );
    expect(racing.filter((r) => r.status === 201)).toHaveLength(1);
    expect(racing.filter((r) => r.body?.error?.code === 'EntityAlreadyExists.Group')).toHaveLength(9);
  });

  it('answers 400 and 404 on update, get and delete', async () => {
    await createGroup('strict');
    expect(codeOf(await api.patch('/v1/groups/strict', { groupName: 'renamed' }))).toEqual([
      400,
      'InvalidParameter.GroupName',
    ]);
    expect(codeOf(await api.patch('/v1/groups/strict', { comments: 'c'.repeat(129) }))).toEqual([
      400,
      'InvalidParameter.Comments',
    ]);
    expect(codeOf(await api.patch('/v1/groups/nobody', { comments: 'x' }))).toEqual([
      404,
      'EntityNotExist.Group',
    ]);
    expect(codeOf(await api.get('/v1/groups/nobody'))).toEqual([404, 'EntityNotExist.Group']);
    expect(codeOf(await api.delete('/v1/groups/nobody'))).toEqual([404, 'EntityNotExist.Group']);
    expect(codeOf(await api.get('/v1/groups/nobody/members'))).toEqual([404, 'EntityNotExist.Group']);
  });

  it('joins and leaves: 201, then 200 without an event; events on the user stream; read models follow', async () => {
    const user = await createUser('Joiner');
    const group = await createGroup('joinable', 'team');
    const joined = await api.put('/v1/groups/JOINABLE/members/joiner');
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({
      groupId: group.body.groupId,
      groupName: 'joinable',
      userId: user.body.userId,
      userName: 'Joiner',
    });
    const before = await countEvents();
    const again = await api.put('/v1/groups/joinable/members/Joiner');
    expect([again.status, again.body.joinDate]).toEqual([200, joined.body.joinDate]);
    expect(await countEvents()).toBe(before);

    const events = await db.query<{ event_type: string; data: unknown }>(
      `SELECT event_type, data FROM events WHERE stream_id = $1 AND event_type = 'UserAddedToGroup'`,
      [`user-${user.body.userId}`],
    );
    expect(events.rows).toEqual([
      {
        event_type: 'UserAddedToGroup',
        data: {
          userId: user.body.userId,
          userName: 'Joiner',
          groupId: group.body.groupId,
          groupName: 'joinable',
        },
      },
    ]);

    // A position covers its own stream: over Kafka the group's stream may lag the user's, so wait for both.
    await api.get('/v1/groups/joinable', at(group));
    const members = await api.get('/v1/groups/joinable/members', at(joined));
    expect(members.body.users).toEqual([
      { userId: user.body.userId, userName: 'Joiner', joinDate: joined.body.joinDate },
    ]);
    const groups = await api.get('/v1/users/joiner/groups', at(joined));
    expect(groups.body.groups).toEqual([
      {
        groupId: group.body.groupId,
        groupName: 'joinable',
        comments: 'team',
        joinDate: joined.body.joinDate,
      },
    ]);

    const left = await api.delete('/v1/groups/joinable/members/joiner');
    expect(left.status).toBe(204);
    expect((await api.get('/v1/groups/joinable/members', at(left))).body.users).toEqual([]);
    expect((await api.get('/v1/users/joiner/groups', at(left))).body.groups).toEqual([]);
    expect(codeOf(await api.delete('/v1/groups/joinable/members/joiner'))).toEqual([
      404,
      'EntityNotExist.User.Group',
    ]);
  });

  it('answers 404 for a missing user or group on join, leave and listings', async () => {
    await createUser('lonely');
    await createGroup('empty');
    expect(codeOf(await api.put('/v1/groups/nothing/members/lonely'))).toEqual([404, 'EntityNotExist.Group']);
    expect(codeOf(await api.put('/v1/groups/empty/members/nobody'))).toEqual([404, 'EntityNotExist.User']);
    expect(codeOf(await api.delete('/v1/groups/nothing/members/lonely'))).toEqual([
      404,
      'EntityNotExist.Group',
    ]);
    expect(codeOf(await api.delete('/v1/groups/empty/members/nobody'))).toEqual([404, 'EntityNotExist.User']);
    expect(codeOf(await api.get('/v1/users/nobody/groups'))).toEqual([404, 'EntityNotExist.User']);
    expect(codeOf(await api.put('/v1/groups/empty/members/lonely', { userId: 'x' }))).toEqual([
      400,
      'InvalidParameter.UserId',
    ]);
  });

  it('100 concurrent joins of one user across 100 groups: exactly 10 succeed', async () => {
    const user = await createUser('busy');
    const names = Array.from({ length: 100 }, (_, i) => `busy-${String(i).padStart(3, '0')}`);
    for (const name of names) await createGroup(name);
    const results = await Promise.all(names.map((name) => api.put(`/v1/groups/${name}/members/busy`)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(10);
    expect(
      results.filter((r) => r.status === 409 && r.body.error.code === 'LimitExceeded.Group'),
    ).toHaveLength(90);

    const rows = await db.query(`SELECT 1 FROM group_memberships WHERE user_id = $1`, [user.body.userId]);
    expect(rows.rows).toHaveLength(10);
    const joins = await db.query(
      `SELECT 1 FROM events WHERE stream_id = $1 AND event_type = 'UserAddedToGroup'`,
      [`user-${user.body.userId}`],
    );
    expect(joins.rows).toHaveLength(10);
    const last = results.filter((r) => r.status === 201).map((r) => Number(r.headers.get('ledger-position')));
    const listed = await api.get('/v1/users/busy/groups', {
      'ledger-min-position': String(Math.max(...last)),
    });
    expect(listed.body.groups).toHaveLength(10);
  });

  it('a join racing a group delete never leaves a membership of a deleted group', async () => {
    await createUser('racer');
    for (let i = 0; i < 15; i++) {
      const name = `race-${i}`;
      await createGroup(name);
      const [join, del] = await Promise.all([
        api.put(`/v1/groups/${name}/members/racer`),
        api.delete(`/v1/groups/${name}`),
      ]);
      const outcome = `${join.status} ${join.body?.error?.code ?? ''} / ${del.status} ${del.body?.error?.code ?? ''}`;
      expect(['201  / 409 DeleteConflict.Group.User', '404 EntityNotExist.Group / 204 ']).toContain(outcome);
      if (join.status === 201)
        expect((await api.delete(`/v1/groups/${name}/members/racer`)).status).toBe(204);
    }
    const orphans = await db.query(
      `SELECT m.group_id FROM group_memberships m
       LEFT JOIN name_reservations n ON n.kind = 'Group' AND n.owner_id = m.group_id::text
       WHERE n.owner_id IS NULL`,
    );
    expect(orphans.rows).toEqual([]);
  });

  it('refuses to delete a group with members; once empty it is deleted and its name is free', async () => {
    await createUser('member');
    const group = await createGroup('sticky');
    await api.put('/v1/groups/sticky/members/member');
    expect(codeOf(await api.delete('/v1/groups/sticky'))).toEqual([409, 'DeleteConflict.Group.User']);
    await api.delete('/v1/groups/sticky/members/member');
    const deleted = await api.delete('/v1/groups/STICKY');
    expect(deleted.status).toBe(204);
    expect(Number(deleted.headers.get('ledger-position'))).toBeGreaterThan(0);
    expect(codeOf(await api.get('/v1/groups/sticky', at(deleted)))).toEqual([404, 'EntityNotExist.Group']);
    const recreated = await createGroup('sticky');
    expect(recreated.body.groupId).not.toBe(group.body.groupId);
    expect((await api.get('/v1/groups/sticky/members', at(recreated))).body.users).toEqual([]);
  });

  it('refuses to delete a group with policies attached', async () => {
    await createGroup('governed');
    const grant = '/v1/groups/governed/policies/System/ReadOnlyAccess';
    expect((await api.put(grant)).status).toBe(201);
    expect(codeOf(await api.delete('/v1/groups/governed'))).toEqual([409, 'DeleteConflict.Group.Policy']);
    expect((await api.delete(grant)).status).toBeLessThan(300);
    expect((await api.delete('/v1/groups/governed')).status).toBe(204);
  });

  it('requires credentials on every group route and answers 413 for bodies over 64 KiB', async () => {
    await createGroup('guarded');
    await createUser('guest');
    const anonymous = httpClient(running.url);
    const routes: [string, string][] = [
      ['post', '/v1/groups'],
      ['get', '/v1/groups'],
      ['get', '/v1/groups/guarded'],
      ['patch', '/v1/groups/guarded'],
      ['delete', '/v1/groups/guarded'],
      ['put', '/v1/groups/guarded/members/guest'],
      ['delete', '/v1/groups/guarded/members/guest'],
      ['get', '/v1/groups/guarded/members'],
      ['get', '/v1/users/guest/groups'],
    ];
    for (const [method, path] of routes) {
      const response = await anonymous[method as 'get'](path);
      expect([method, path, ...codeOf(response)]).toEqual([method, path, 401, 'InvalidCredentials']);
    }
    const huge = await api.post('/v1/groups', { groupName: 'big', comments: 'x'.repeat(70_000) });
    expect(codeOf(huge)).toEqual([413, 'PayloadTooLarge']);
  });

  it("a RAM user's access follows its group: allowed while a member, 403 at the removal's position", async () => {
    await createUser('reader');
    await createGroup('readers');
    const key = await api.post('/v1/users/reader/access-keys');
    expect(key.status).toBe(201);
    const reader = httpClient(running.url, {
      authorization: `AccessKey ${key.body.accessKeyId}:${key.body.accessKeySecret}`,
    });
    expect(codeOf(await reader.get('/v1/groups', at(key)))).toEqual([403, 'NoPermission']);

    const granted = await api.put('/v1/groups/readers/policies/System/AliyunRAMReadOnlyAccess');
    expect(granted.status).toBe(201);
    const joined = await api.put('/v1/groups/readers/members/reader');
    expect(joined.status).toBe(201);
    await api.get('/v1/groups/readers', at(granted)); // the group's stream, for the members read below
    expect((await reader.get('/v1/groups/readers/members', at(joined))).status).toBe(200);
    expect(codeOf(await reader.put('/v1/groups/readers/members/reader'))).toEqual([403, 'NoPermission']);

    const removed = await api.delete('/v1/groups/readers/members/reader');
    expect(removed.status).toBe(204);
    expect(codeOf(await reader.get('/v1/groups', at(removed)))).toEqual([403, 'NoPermission']);
  });

  it('publishes the RAM action of every group route', async () => {
    const doc = (await httpClient(running.url).get('/docs-json')).body;
    expect(doc.paths['/v1/groups'].post['x-ram-action']).toBe('ram:CreateGroup');
    expect(doc.paths['/v1/groups'].get['x-ram-action']).toBe('ram:ListGroups');
    expect(doc.paths['/v1/groups/{groupName}'].get['x-ram-action']).toBe('ram:GetGroup');
    expect(doc.paths['/v1/groups/{groupName}'].patch['x-ram-action']).toBe('ram:UpdateGroup');
    expect(doc.paths['/v1/groups/{groupName}'].delete['x-ram-action']).toBe('ram:DeleteGroup');
    const member = doc.paths['/v1/groups/{groupName}/members/{userName}'];
    expect([member.put['x-ram-action'], member.delete['x-ram-action']]).toEqual([
      'ram:AddUserToGroup',
      'ram:RemoveUserFromGroup',
    ]);
    expect(doc.paths['/v1/groups/{groupName}/members'].get['x-ram-action']).toBe('ram:ListUsersForGroup');
    expect(doc.paths['/v1/users/{userName}/groups'].get['x-ram-action']).toBe('ram:ListGroupsForUser');
    expect(doc.paths['/v1/groups/{groupName}'].get['x-ram-resource']).toBe(
      'acs:ram::{account}:group/:groupName',
    );
  });
});
