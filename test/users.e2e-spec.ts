import { Database } from '#event-store';
import { httpClient } from './support/http-client.js';
import { startTestService, type TestService, type TransportKind } from './support/test-service.js';

describe.each<TransportKind>(['in-process', 'kafka'])('users over HTTP (%s transport)', (transport) => {
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

  it('creates a user and reads it back at the write position', async () => {
    const created = await api.post('/v1/users', {
      userName: 'alice',
      kind: 'human',
      email: 'alice@example.com',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ userName: 'alice', kind: 'human', displayName: 'alice' });
    expect(created.body.arn).toBe(`acs:ram::${running.service.accountId}:user/alice`);
    expect(created.body.userId).toMatch(/^[0-9a-f-]{36}$/);
    const position = created.headers.get('ledger-position');
    expect(Number(position)).toBeGreaterThan(0);

    const read = await api.get('/v1/users/ALICE', { 'ledger-min-position': position! });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    const list = await api.get('/v1/users', { 'ledger-min-position': position! });
    expect(list.body.users.map((u: { userName: string }) => u.userName)).toContain('alice');
  });

  it('pages through users with a cursor', async () => {
    let position = '0';
    for (const userName of ['page-a', 'page-b', 'page-c']) {
      position = (await api.post('/v1/users', { userName, kind: 'programmatic' })).headers.get(
        'ledger-position',
      )!;
    }
    const first = await api.get('/v1/users?limit=2', { 'ledger-min-position': position });
    expect(first.body.users).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const rest = await api.get(`/v1/users?limit=1000&cursor=${first.body.nextCursor}`);
    const names = [...first.body.users, ...rest.body.users].map((u: { userName: string }) => u.userName);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['page-a', 'page-b', 'page-c']));
    expect((await api.get('/v1/users?cursor=bogus')).body.error.code).toBe('InvalidParameter.Cursor');
    expect((await api.get('/v1/users?limit=5000')).body.error.code).toBe('InvalidParameter.Limit');
  });

  it.each([
    [{ userName: 'bad name', kind: 'human' }, 400, 'InvalidParameter.UserName'],
    [{ userName: 'x'.repeat(65), kind: 'human' }, 400, 'InvalidParameter.UserName'],
    [{ userName: 'bob', kind: 'robot' }, 400, 'InvalidParameter.Kind'],
    [{ userName: 'bob' }, 400, 'MissingParameter.Kind'],
    [{ userName: 'bob', kind: 'human', userId: 'mine' }, 400, 'InvalidParameter.UserId'],
    [{ userName: 'bob', kind: 'human', createDate: '2020-01-01' }, 400, 'InvalidParameter.CreateDate'],
    [{ userName: 'bob', kind: 'human', isAdmin: true }, 400, 'InvalidParameter.IsAdmin'],
    [['bob'], 400, 'InvalidParameter.Body'],
  ])('refuses %j with %i %s and appends nothing', async (body, status, code) => {
    const before = await countEvents();
    const response = await api.post('/v1/users', body);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.requestId).toEqual(expect.any(String));
    expect(await countEvents()).toBe(before);
  });

  it('refuses malformed JSON and bodies over 64 KiB', async () => {
    const malformed = await api.post('/v1/users', '{"userName": ');
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'InvalidParameter.Body']);
    const huge = await api.post('/v1/users', {
      userName: 'big',
      kind: 'human',
      comments: 'x'.repeat(70_000),
    });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'PayloadTooLarge']);
  });

  it('answers 409 for a duplicate name, case-insensitively, and exactly one of 10 racing creates wins', async () => {
    expect((await api.post('/v1/users', { userName: 'carol', kind: 'human' })).status).toBe(201);
    const duplicate = await api.post('/v1/users', { userName: 'CAROL', kind: 'human' });
    expect([duplicate.status, duplicate.body.error.code]).toEqual([409, 'EntityAlreadyExists.User']);

    const racing = await Promise.all(
      Array.from({ length: 10 }, () => api.post('/v1/users', { userName: 'dave', kind: 'human' })),
    );
    expect(racing.filter((r) => r.status === 201)).toHaveLength(1);
    expect(
      racing.filter((r) => r.status === 409 && r.body.error.code === 'EntityAlreadyExists.User'),
    ).toHaveLength(9);
  });

  it('replays an Idempotency-Key without appending, and refuses the key with another body', async () => {
    const key = { 'idempotency-key': `create-erin-${transport}` };
    const first = await api.post('/v1/users', { userName: 'erin', kind: 'human' }, key);
    expect(first.status).toBe(201);
    const before = await countEvents();
    const again = await api.post('/v1/users', { userName: 'erin', kind: 'human' }, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('ledger-position')).toBe(first.headers.get('ledger-position'));
    expect(await countEvents()).toBe(before);
    const other = await api.post('/v1/users', { userName: 'erin2', kind: 'human' }, key);
    expect([other.status, other.body.error.code]).toEqual([409, 'IdempotentParameterMismatch']);
  });

  it('requires credentials and answers unknown things in the error model', async () => {
    const anonymous = httpClient(running.url);
    expect((await anonymous.get('/v1/users')).body.error.code).toBe('InvalidCredentials');
    const wrong = httpClient(running.url, { authorization: 'Bearer not-the-root-token' });
    expect((await wrong.post('/v1/users', { userName: 'mallory', kind: 'human' })).status).toBe(401);
    const missing = await api.get('/v1/users/nobody');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'EntityNotExist.User']);
    const noRoute = await api.get('/v1/nothing-here');
    expect(noRoute.status).toBe(404);
    expect(noRoute.body.error.code).toBe('NotFound');
  });

  it('serves health, readiness, metrics and the OpenAPI document without credentials', async () => {
    const anonymous = httpClient(running.url);
    expect((await anonymous.get('/health')).body).toEqual({ status: 'ok' });
    const ready = await anonymous.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.checks)).toEqual(
      transport === 'kafka' ? ['database', 'projections', 'kafka'] : ['database', 'projections'],
    );
    const metrics = await anonymous.get('/metrics');
    expect(metrics.body).toContain('access_ledger_events_appended_total');
    expect(metrics.body).toContain('access_ledger_http_request_duration_seconds');
    expect(metrics.body).toContain('access_ledger_projection_lag_events');
    const doc = await anonymous.get('/docs-json');
    expect(doc.body.paths['/v1/users'].post['x-ram-action']).toBe('ram:CreateUser');
    expect(doc.body.paths['/v1/users/{userName}'].get['x-ram-action']).toBe('ram:GetUser');
  });
});
