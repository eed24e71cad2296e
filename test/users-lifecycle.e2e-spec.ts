import { Database } from '#event-store';
import { httpClient } from './support/http-client.js';
import { startTestService, type TestService, type TransportKind } from './support/test-service.js';

describe.each<TransportKind>(['in-process', 'kafka'])(
  'user update and delete over HTTP (%s transport)',
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
    const at = (response: { headers: Headers }) => ({
      'ledger-min-position': response.headers.get('ledger-position')!,
    });
    const codeOf = (response: { status: number; body: { error?: { code: string } } }) => [
      response.status,
      response.body?.error?.code,
    ];
    const createUser = async (userName: string, extra: Record<string, string> = {}) => {
      const created = await api.post('/v1/users', { userName, kind: 'human', ...extra });
      expect(created.status).toBe(201);
      return created;
    };

    it('updates the profile fields that change and shows the result at the write position', async () => {
      const created = await createUser('Patchy', { email: 'p@example.com' });
      const updated = await api.patch('/v1/users/patchy', { displayName: 'Patchy P.', comments: 'ops' });
      expect(updated.status).toBe(200);
      expect(updated.body).toEqual({
        ...created.body,
        displayName: 'Patchy P.',
        comments: 'ops',
        updateDate: expect.any(String),
      });
      expect(Number(updated.headers.get('ledger-position'))).toBeGreaterThan(
        Number(created.headers.get('ledger-position')),
      );
      const read = await api.get('/v1/users/Patchy', at(updated));
      expect(read.body).toEqual(updated.body);

      const before = await countEvents();
      const same = await api.patch('/v1/users/patchy', { displayName: 'Patchy P.' });
      expect(same.status).toBe(200);
      expect(await countEvents()).toBe(before);
    });

    describe('refuses bad updates', () => {
      beforeAll(() => createUser('strict'));

      it.each([
        [{ userName: 'renamed' }, 400, 'InvalidParameter.UserName'],
        [{ userId: 'mine' }, 400, 'InvalidParameter.UserId'],
        [{ kind: 'programmatic' }, 400, 'InvalidParameter.Kind'],
        [{ createDate: '2020-01-01' }, 400, 'InvalidParameter.CreateDate'],
        [{ email: 'not-an-email' }, 400, 'InvalidParameter.Email'],
        [{ displayName: '' }, 400, 'InvalidParameter.DisplayName'],
        [{ comments: 'c'.repeat(129) }, 400, 'InvalidParameter.Comments'],
        [['x'], 400, 'InvalidParameter.Body'],
      ])('refuses the update %j with %i %s and appends nothing', async (body, status, code) => {
        const before = await countEvents();
        expect(codeOf(await api.patch('/v1/users/strict', body))).toEqual([status, code]);
        expect(await countEvents()).toBe(before);
      });
    });

    it('answers 404 for updating or deleting a user that does not exist', async () => {
      expect(codeOf(await api.patch('/v1/users/nobody', { comments: 'x' }))).toEqual([
        404,
        'EntityNotExist.User',
      ]);
      expect(codeOf(await api.delete('/v1/users/nobody'))).toEqual([404, 'EntityNotExist.User']);
    });

    it('deletes a user; the name is free and a re-created user is a new principal that inherits nothing', async () => {
      const first = await createUser('Phoenix');
      await api.post('/v1/groups', { groupName: 'nest' });
      await api.put('/v1/groups/nest/members/phoenix');
      expect(codeOf(await api.delete('/v1/users/phoenix'))).toEqual([409, 'DeleteConflict.User.Group']);
      await api.delete('/v1/groups/nest/members/phoenix');
      const password = 'Ashes-To-Ashes-7';
      expect((await api.put('/v1/users/phoenix/login-profile', { password })).status).toBeLessThan(300);

      const deleted = await api.delete('/v1/users/PHOENIX');
      expect(deleted.status).toBe(204);
      expect(Number(deleted.headers.get('ledger-position'))).toBeGreaterThan(0);
      expect(codeOf(await api.get('/v1/users/phoenix', at(deleted)))).toEqual([404, 'EntityNotExist.User']);
      expect(codeOf(await api.delete('/v1/users/phoenix'))).toEqual([404, 'EntityNotExist.User']);
      const events = await db.query<{ event_type: string }>(
        `SELECT event_type FROM events WHERE stream_id = $1 ORDER BY stream_version`,
        [`user-${first.body.userId}`],
      );
      expect(events.rows.map((r) => r.event_type)).toEqual([
        'UserCreated',
        'UserAddedToGroup',
        'UserRemovedFromGroup',
        'LoginProfileSet',
        'UserDeleted',
      ]);

      const again = await createUser('phoenix');
      expect(again.body.userId).not.toBe(first.body.userId);
      expect((await api.get('/v1/users/phoenix/groups', at(again))).body.groups).toEqual([]);
      expect((await api.get('/v1/users/phoenix', at(again))).body.userId).toBe(again.body.userId);
      // The old console password went with the old user.
      const login = await httpClient(running.url).post('/v1/login', { userName: 'phoenix', password });
      expect(login.status).toBe(401);
      const credentials = await db.query(`SELECT 1 FROM login_profiles WHERE user_id = $1`, [
        first.body.userId,
      ]);
      expect(credentials.rows).toEqual([]);
    });

    it('refuses to delete a user with access keys or policies', async () => {
      await createUser('holder');
      const key = await api.post('/v1/users/holder/access-keys');
      expect(key.status).toBe(201);
      expect(codeOf(await api.delete('/v1/users/holder'))).toEqual([409, 'DeleteConflict.User.AccessKey']);
      expect((await api.delete(`/v1/users/holder/access-keys/${key.body.accessKeyId}`)).status).toBeLessThan(
        300,
      );
      const grant = '/v1/users/holder/policies/System/ReadOnlyAccess';
      expect((await api.put(grant)).status).toBe(201);
      expect(codeOf(await api.delete('/v1/users/holder'))).toEqual([409, 'DeleteConflict.User.Policy']);
      expect((await api.delete(grant)).status).toBeLessThan(300);
      expect((await api.delete('/v1/users/holder')).status).toBe(204);
    });

    it('a join racing a user delete never leaves a membership of a deleted user', async () => {
      await api.post('/v1/groups', { groupName: 'club' });
      for (let i = 0; i < 10; i++) {
        const name = `fleeting-${i}`;
        await createUser(name);
        const [join, del] = await Promise.all([
          api.put(`/v1/groups/club/members/${name}`),
          api.delete(`/v1/users/${name}`),
        ]);
        const outcome = `${join.status} ${join.body?.error?.code ?? ''} / ${del.status} ${del.body?.error?.code ?? ''}`;
        expect(['201  / 409 DeleteConflict.User.Group', '404 EntityNotExist.User / 204 ']).toContain(outcome);
      }
      const orphans = await db.query(
        `SELECT m.user_id FROM group_memberships m
       LEFT JOIN name_reservations n ON n.kind = 'User' AND n.owner_id = m.user_id::text
       WHERE n.owner_id IS NULL`,
      );
      expect(orphans.rows).toEqual([]);
    });

    it('publishes the RAM actions of update and delete', async () => {
      const doc = (await httpClient(running.url).get('/docs-json')).body;
      const user = doc.paths['/v1/users/{userName}'];
      expect([user.patch['x-ram-action'], user.delete['x-ram-action']]).toEqual([
        'ram:UpdateUser',
        'ram:DeleteUser',
      ]);
      expect(user.delete['x-ram-resource']).toBe('acs:ram::{account}:user/:userName');
    });
  },
);
