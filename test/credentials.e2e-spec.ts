import { Writable } from 'node:stream';
import { Secret, TOTP } from 'otpauth';
import { Database } from '#event-store';
import { connectKafka, createLogger } from '#runtime';
import { readTopic } from '../apps/worker/src/testing/kafka-delivery.js';
import { httpClient, type HttpResult } from './support/http-client.js';
import { startTestService, type TestService, type TransportKind } from './support/test-service.js';

type Client = ReturnType<typeof httpClient>;

describe.each<TransportKind>(['in-process', 'kafka'])('credentials over HTTP (%s transport)', (transport) => {
  let running: TestService;
  let db: Database;
  let root: Client;
  let anonymous: Client;
  /** Every password, AccessKey secret, session token and MFA seed this run used: none may leak. */
  const secrets: string[] = [];
  const errorBodies: string[] = [];
  const logLines: string[] = [];

  // Records every error body, for the secret scan at the end.
  const recording = (client: Client): Client => {
    const record = async (pending: Promise<HttpResult>) => {
      const response = await pending;
      if (response.status >= 400) errorBodies.push(JSON.stringify(response.body));
      return response;
    };
    return {
      get: (...args) => record(client.get(...args)),
      post: (...args) => record(client.post(...args)),
      put: (...args) => record(client.put(...args)),
      patch: (...args) => record(client.patch(...args)),
      delete: (...args) => record(client.delete(...args)),
    };
  };
  const as = (authorization: string) => recording(httpClient(running.url, { authorization }));
  const secret = <T extends string>(value: T): T => {
    secrets.push(value);
    return value;
  };

  /** Every message the relay published (Kafka transport), as text; empty for the in-process transport. */
  const kafkaMessages = async (events: number): Promise<string> => {
    const kafka = connectKafka(running.config, createLogger('silent'), 'secret-scan');
    if (!kafka) return '';
    const messages = await readTopic(kafka, running.config.topic, events);
    return messages.map((m) => `${m.key} ${JSON.stringify(m.headers)} ${m.value}`).join('\n');
  };

  const createUser = async (userName: string, kind: 'human' | 'programmatic') =>
    expect((await root.post('/v1/users', { userName, kind })).status).toBe(201);
  const setPassword = (userName: string, password: string, extra: object = {}) =>
    root.put(`/v1/users/${userName}/login-profile`, { password: secret(password), ...extra });
  const login = (userName: string, password: string, mfaCode?: string) =>
    anonymous.post('/v1/login', { userName, password, ...(mfaCode !== undefined && { mfaCode }) });

  beforeAll(async () => {
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    running = await startTestService(transport, logs);
    db = new Database(running.databaseUrl, { max: 2 });
    root = as(`Bearer ${running.rootToken}`);
    anonymous = recording(httpClient(running.url));
    await createUser('alice', 'human');
    await createUser('robot', 'programmatic');
  });

  afterAll(async () => {
    await db?.close();
    await running?.stop();
  });

  describe('login profile', () => {
    it('sets a password for a human user; the response and the event carry no password', async () => {
      const set = await setPassword('alice', 'Rabbit-Hole-1');
      expect(set.status).toBe(200);
      expect(set.body).toEqual({
        userName: 'alice',
        mfaBindRequired: false,
        passwordSetAt: expect.any(String),
      });
      expect(Number(set.headers.get('ledger-position'))).toBeGreaterThan(0);
      const { rows } = await db.query<{ data: unknown }>(
        `SELECT data FROM events WHERE event_type = 'LoginProfileSet' ORDER BY global_position DESC LIMIT 1`,
      );
      expect(Object.keys(rows[0].data as object).sort()).toEqual([
        'mfaBindRequired',
        'passwordSetAt',
        'userId',
        'userName',
      ]);
    });

    it.each([
      ['alice', { password: 'short1A' }, 400, 'InvalidParameter.Password'],
      ['alice', { password: 'alllowercaseletters' }, 400, 'InvalidParameter.Password'],
      ['alice', { password: 'My-alice-Pass1' }, 400, 'InvalidParameter.Password'],
      ['alice', {}, 400, 'MissingParameter.Password'],
      ['alice', { password: 'Rabbit-Hole-2', passwordHash: 'x' }, 400, 'InvalidParameter.PasswordHash'],
      [
        'alice',
        { password: 'Rabbit-Hole-2', mfaBindRequired: 'yes' },
        400,
        'InvalidParameter.MfaBindRequired',
      ],
      ['robot', { password: 'Gear-Box-1' }, 400, 'InvalidParameter.UserKind'],
      ['nobody', { password: 'Nobody-Pass-1' }, 404, 'EntityNotExist.User'],
    ])('PUT %s login-profile %j → %i %s', async (userName, body, status, code) => {
      if ('password' in body) secret(body.password as string);
      const response = await root.put(`/v1/users/${userName}/login-profile`, body);
      expect([response.status, response.body.error.code]).toEqual([status, code]);
    });

    it('refuses to delete a login profile that does not exist', async () => {
      await createUser('bob', 'human');
      const response = await root.delete('/v1/users/bob/login-profile');
      expect([response.status, response.body.error.code]).toEqual([404, 'EntityNotExist.LoginProfile']);
    });
  });

  describe('console login', () => {
    it('signs in without credentials and the session authenticates (but grants nothing yet)', async () => {
      const response = await login('ALICE', 'Rabbit-Hole-1');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        securityToken: expect.stringMatching(/^alc_/),
        expiration: expect.any(String),
      });
      const expiresIn = Date.parse(response.body.expiration) - Date.now();
      expect(expiresIn).toBeGreaterThan(3500_000);
      expect(expiresIn).toBeLessThanOrEqual(3600_000);
      const session = as(`Bearer ${secret(response.body.securityToken as string)}`);
      expect((await session.get('/v1/users')).body.error.code).toBe('NoPermission');
      expect((await as('Bearer alc_not-a-session').get('/v1/users')).body.error.code).toBe(
        'InvalidCredentials',
      );
      const event = await db.query<{ data: Record<string, unknown>; metadata: Record<string, unknown> }>(
        `SELECT data, metadata FROM events WHERE event_type = 'UserLoggedIn'`,
      );
      expect(event.rows[0].data).toMatchObject({ userName: 'alice', mfaUsed: false });
      expect(event.rows[0].metadata.actorArn).toBe(`acs:ram::${running.service.accountId}:user/alice`);
    });

    it('answers the same 401 for a wrong password, an unknown user and a user without a password', async () => {
      const answers = await Promise.all([
        login('alice', secret('Wrong-Pass-1')),
        login('nobody', secret('Nobody-Pass-1')),
        login('bob', secret('Bob-Pass-1')),
      ]);
      for (const answer of answers) {
        expect(answer.status).toBe(401);
        expect(answer.body.error.code).toBe('InvalidCredentials');
        expect(answer.body.error.message).toBe(answers[0].body.error.message);
      }
    });

    it('refuses bodies that are not a login', async () => {
      const missing = await anonymous.post('/v1/login', { userName: 'alice' });
      expect([missing.status, missing.body.error.code]).toEqual([400, 'MissingParameter.Password']);
      const extra = await anonymous.post('/v1/login', { userName: 'alice', password: 'x', mfa: true });
      expect([extra.status, extra.body.error.code]).toEqual([400, 'InvalidParameter.Mfa']);
    });

    it('locks a user name for 15 minutes after 5 failures, even with the right password then', async () => {
      await createUser('locky', 'human');
      expect((await setPassword('locky', 'Key-Smith-1')).status).toBe(200);
      for (let attempt = 1; attempt <= 5; attempt++) {
        expect((await login('locky', secret(`Guess-${attempt}-Pass`))).status).toBe(401);
      }
      const locked = await login('locky', 'Key-Smith-1');
      expect([locked.status, locked.body.error.code]).toEqual([429, 'Throttling']);
      // Names that do not exist lock the same way, so the lockout does not tell which users exist.
      const ghosts = await Promise.all(
        Array.from({ length: 8 }, (_, i) => login('ghost', secret(`Ghost-${i}-Pass`))),
      );
      expect(ghosts.filter((r) => r.status === 401)).toHaveLength(5);
      expect(ghosts.filter((r) => r.status === 429)).toHaveLength(3);
    });
  });

  describe('MFA device', () => {
    let totp: TOTP;

    it('creates one virtual device per user, showing the seed once', async () => {
      const created = await root.post('/v1/users/alice/mfa-device');
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        serialNumber: `acs:ram::${running.service.accountId}:mfa/alice`,
        secretBase32: expect.stringMatching(/^[A-Z2-7]{32}$/),
        otpauthUri: expect.stringMatching(/^otpauth:\/\/totp\//),
      });
      secret(created.body.secretBase32 as string);
      totp = new TOTP({ secret: Secret.fromBase32(created.body.secretBase32) });
      const again = await root.post('/v1/users/alice/mfa-device');
      expect([again.status, again.body.error.code]).toEqual([409, 'EntityAlreadyExists.MfaDevice']);
      const programmatic = await root.post('/v1/users/robot/mfa-device');
      expect([programmatic.status, programmatic.body.error.code]).toEqual([400, 'InvalidParameter.UserKind']);
    });

    it('binds with two consecutive codes only', async () => {
      const now = Date.now();
      const previous = totp.generate({ timestamp: now - 30_000 });
      const current = totp.generate({ timestamp: now });
      const swapped = await root.post('/v1/users/alice/mfa-device/binding', {
        code1: current,
        code2: previous,
      });
      expect([swapped.status, swapped.body.error.code]).toEqual([400, 'InvalidParameter.AuthenticationCode']);
      const malformed = await root.post('/v1/users/alice/mfa-device/binding', { code1: '12', code2: 12 });
      expect([malformed.status, malformed.body.error.code]).toEqual([400, 'InvalidParameter.Code2']);
      const bound = await root.post('/v1/users/alice/mfa-device/binding', {
        code1: previous,
        code2: current,
      });
      expect(bound.status).toBe(200);
      expect(bound.body).toEqual({ serialNumber: expect.any(String), bindDate: expect.any(String) });
      const twice = await root.post('/v1/users/alice/mfa-device/binding', {
        code1: previous,
        code2: current,
      });
      expect([twice.status, twice.body.error.code]).toEqual([409, 'EntityAlreadyExists.MfaDevice']);
      const { rows } = await db.query(`SELECT data FROM events WHERE event_type = 'MfaDeviceBound'`);
      expect(JSON.stringify(rows)).not.toContain(current);
    });

    it('requires the code at login once bound, and accepts each code once', async () => {
      const without = await login('alice', 'Rabbit-Hole-1');
      expect([without.status, without.body.error.code]).toEqual([400, 'MissingParameter.MfaCode']);
      const wrong = await login('alice', 'Rabbit-Hole-1', totp.generate({ timestamp: Date.now() + 600_000 }));
      expect([wrong.status, wrong.body.error.code]).toEqual([401, 'InvalidCredentials']);
      const code = totp.generate();
      const signedIn = await login('alice', 'Rabbit-Hole-1', code);
      expect(signedIn.status).toBe(200);
      secret(signedIn.body.securityToken as string);
      const replay = await login('alice', 'Rabbit-Hole-1', code);
      expect([replay.status, replay.body.error.code]).toEqual([401, 'InvalidCredentials']);
      const { rows } = await db.query<{ data: { mfaUsed: boolean } }>(
        `SELECT data FROM events WHERE event_type = 'UserLoggedIn' ORDER BY global_position DESC LIMIT 1`,
      );
      expect(rows[0].data.mfaUsed).toBe(true);
    });

    it('unbinds the device, after which the password alone signs in again', async () => {
      expect((await root.delete('/v1/users/alice/mfa-device')).status).toBe(204);
      const again = await root.delete('/v1/users/alice/mfa-device');
      expect([again.status, again.body.error.code]).toEqual([404, 'EntityNotExist.MfaDevice']);
      const signedIn = await login('alice', 'Rabbit-Hole-1');
      expect(signedIn.status).toBe(200);
      const token = secret(signedIn.body.securityToken as string);
      await db.query(
        `UPDATE console_sessions SET expires_at = now() - interval '1 second'
         WHERE token_hash = sha256(convert_to($1, 'UTF8'))`,
        [token],
      );
      const expired = await as(`Bearer ${token}`).get('/v1/users');
      expect([expired.status, expired.body.error.code]).toEqual([401, 'TokenExpired']);
    });

    it('ends every console session when the login profile is deleted', async () => {
      const signedIn = await login('alice', 'Rabbit-Hole-1');
      const session = as(`Bearer ${secret(signedIn.body.securityToken as string)}`);
      expect((await session.get('/v1/users')).status).toBe(403);
      expect((await root.delete('/v1/users/alice/login-profile')).status).toBe(204);
      expect((await session.get('/v1/users')).body.error.code).toBe('InvalidCredentials');
      expect((await login('alice', 'Rabbit-Hole-1')).status).toBe(401);
    });
  });

  describe('AccessKey pairs', () => {
    let first: { accessKeyId: string; accessKeySecret: string };

    it('creates at most two keys per user, each secret shown once', async () => {
      const created = await root.post('/v1/users/robot/access-keys');
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        accessKeyId: expect.stringMatching(/^LTAI[A-Za-z0-9]{20}$/),
        accessKeySecret: expect.stringMatching(/^[A-Za-z0-9]{30}$/),
        status: 'Active',
        createDate: expect.any(String),
      });
      first = created.body;
      secret(first.accessKeySecret);
      const key = { 'idempotency-key': `second-key-${transport}` };
      const second = await root.post('/v1/users/robot/access-keys', undefined, key);
      expect(second.status).toBe(201);
      secret(second.body.accessKeySecret as string);
      const replay = await root.post('/v1/users/robot/access-keys', undefined, key);
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual({ ...second.body, accessKeySecret: undefined });
      const third = await root.post('/v1/users/robot/access-keys');
      expect([third.status, third.body.error.code]).toEqual([409, 'LimitExceeded.AccessKey']);
      const smuggled = await root.post('/v1/users/bob/access-keys', { accessKeySecret: 'mine' });
      expect([smuggled.status, smuggled.body.error.code]).toEqual([400, 'InvalidParameter.AccessKeySecret']);
      const unknown = await root.post('/v1/users/nobody/access-keys');
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'EntityNotExist.User']);
    });

    it('lets exactly two of six racing creates succeed', async () => {
      await createUser('racer', 'programmatic');
      const racing = await Promise.all(
        Array.from({ length: 6 }, () => root.post('/v1/users/racer/access-keys')),
      );
      for (const response of racing)
        if (response.status === 201) secret(response.body.accessKeySecret as string);
      expect(racing.filter((r) => r.status === 201)).toHaveLength(2);
      expect(racing.filter((r) => r.body.error?.code === 'LimitExceeded.AccessKey')).toHaveLength(4);
    });

    it('authenticates an active key (403: authenticated, not authorized) and refuses a bad one (401)', async () => {
      const valid = as(`AccessKey ${first.accessKeyId}:${first.accessKeySecret}`);
      expect([(await valid.get('/v1/users')).status, (await valid.get('/v1/users')).body.error.code]).toEqual(
        [403, 'NoPermission'],
      );
      const wrongSecret = `AccessKey ${first.accessKeyId}:${first.accessKeySecret.slice(1)}x`;
      for (const bad of [
        wrongSecret,
        `AccessKey LTAI${'x'.repeat(20)}:${first.accessKeySecret}`,
        'AccessKey nonsense',
      ]) {
        const response = await as(bad).get('/v1/users');
        expect([response.status, response.body.error.code]).toEqual([401, 'InvalidCredentials']);
      }
    });

    it('lists keys with lastUsedDate and without secrets', async () => {
      const list = await root.get('/v1/users/robot/access-keys');
      expect(list.status).toBe(200);
      expect(list.body.accessKeys).toHaveLength(2);
      const used = list.body.accessKeys.find(
        (k: { accessKeyId: string }) => k.accessKeyId === first.accessKeyId,
      );
      expect(used).toEqual({
        accessKeyId: first.accessKeyId,
        status: 'Active',
        createDate: expect.any(String),
        lastUsedDate: expect.any(String),
      });
      for (const value of secrets) expect(JSON.stringify(list.body)).not.toContain(value);
      const unknown = await root.get('/v1/users/nobody/access-keys');
      expect([unknown.status, unknown.body.error.code]).toEqual([404, 'EntityNotExist.User']);
    });

    it('deactivates and reactivates a key, which stops and resumes working', async () => {
      const path = `/v1/users/robot/access-keys/${first.accessKeyId}`;
      const valid = as(`AccessKey ${first.accessKeyId}:${first.accessKeySecret}`);
      const inactive = await root.patch(path, { status: 'Inactive' });
      expect(inactive.status).toBe(200);
      expect(inactive.body).toMatchObject({ accessKeyId: first.accessKeyId, status: 'Inactive' });
      expect((await valid.get('/v1/users')).status).toBe(401);
      expect((await root.patch(path, { status: 'Active' })).body.status).toBe('Active');
      expect((await valid.get('/v1/users')).status).toBe(403);
      const badStatus = await root.patch(path, { status: 'Disabled' });
      expect([badStatus.status, badStatus.body.error.code]).toEqual([400, 'InvalidParameter.Status']);
      const extra = await root.patch(path, { status: 'Active', createDate: '2020-01-01' });
      expect([extra.status, extra.body.error.code]).toEqual([400, 'InvalidParameter.CreateDate']);
      for (const id of [`LTAI${'y'.repeat(20)}`, first.accessKeySecret]) {
        const missing = await root.patch(`/v1/users/robot/access-keys/${id}`, { status: 'Active' });
        expect([missing.status, missing.body.error.code]).toEqual([404, 'EntityNotExist.AccessKey']);
      }
    });

    it('deletes a key, which stops working at once', async () => {
      const path = `/v1/users/robot/access-keys/${first.accessKeyId}`;
      expect((await root.delete(path)).status).toBe(204);
      expect(
        (await as(`AccessKey ${first.accessKeyId}:${first.accessKeySecret}`).get('/v1/users')).status,
      ).toBe(401);
      const again = await root.delete(path);
      expect([again.status, again.body.error.code]).toEqual([404, 'EntityNotExist.AccessKey']);
      const list = await root.get('/v1/users/robot/access-keys');
      expect(list.body.accessKeys).toHaveLength(1);
    });
  });

  describe('refusals', () => {
    const key = `LTAI${'z'.repeat(20)}`;
    it.each<[string, string, unknown, number, string]>([
      [
        'post',
        '/v1/users/bob/mfa-device/binding',
        { code1: '123456', code2: '234567' },
        404,
        'EntityNotExist.MfaDevice',
      ],
      [
        'post',
        '/v1/users/nobody/mfa-device/binding',
        { code1: '123456', code2: '234567' },
        404,
        'EntityNotExist.User',
      ],
      ['post', '/v1/users/bob/mfa-device/binding', { code1: '123456' }, 400, 'MissingParameter.Code2'],
      ['post', '/v1/users/bob/mfa-device', { secretBase32: 'AAAA' }, 400, 'InvalidParameter.SecretBase32'],
      ['delete', '/v1/users/nobody/mfa-device', undefined, 404, 'EntityNotExist.User'],
      ['delete', '/v1/users/nobody/login-profile', undefined, 404, 'EntityNotExist.User'],
      [
        'put',
        '/v1/users/bob/login-profile',
        { password: 'Bob-Pass-99', userId: 'x' },
        400,
        'InvalidParameter.UserId',
      ],
      ['patch', `/v1/users/nobody/access-keys/${key}`, { status: 'Active' }, 404, 'EntityNotExist.User'],
      ['patch', `/v1/users/robot/access-keys/${key}`, {}, 400, 'MissingParameter.Status'],
      ['delete', `/v1/users/robot/access-keys/${key}`, undefined, 404, 'EntityNotExist.AccessKey'],
      ['post', '/v1/login', { userName: 'bob', password: 'x'.repeat(70_000) }, 413, 'PayloadTooLarge'],
    ])('%s %s %j → %i %s', async (method, path, body, status, code) => {
      const call = root[method as 'post'];
      const response = await call(path, body);
      expect([response.status, response.body.error.code]).toEqual([status, code]);
    });

    it('requires credentials on every credential route but login, and authorization once authenticated', async () => {
      await createUser('carol', 'human');
      expect((await setPassword('carol', 'Hidden-Door-7')).status).toBe(200);
      const signedIn = await login('carol', 'Hidden-Door-7');
      const session = as(`Bearer ${secret(signedIn.body.securityToken as string)}`);
      const routes: [keyof Client, string, unknown][] = [
        ['put', '/v1/users/carol/login-profile', { password: 'Hidden-Door-8' }],
        ['delete', '/v1/users/carol/login-profile', undefined],
        ['post', '/v1/users/carol/mfa-device', undefined],
        ['post', '/v1/users/carol/mfa-device/binding', { code1: '123456', code2: '234567' }],
        ['delete', '/v1/users/carol/mfa-device', undefined],
        ['post', '/v1/users/carol/access-keys', undefined],
        ['get', '/v1/users/carol/access-keys', undefined],
        ['patch', `/v1/users/carol/access-keys/${key}`, { status: 'Active' }],
        ['delete', `/v1/users/carol/access-keys/${key}`, undefined],
      ];
      secret('Hidden-Door-8');
      for (const [method, path, body] of routes) {
        const call = (client: Client) =>
          method === 'get' || method === 'delete' ? client[method](path) : client[method](path, body);
        const unauthenticated = await call(anonymous);
        expect([path, unauthenticated.status, unauthenticated.body.error.code]).toEqual([
          path,
          401,
          'InvalidCredentials',
        ]);
        const unauthorized = await call(session);
        expect([path, unauthorized.status, unauthorized.body.error.code]).toEqual([
          path,
          403,
          'NoPermission',
        ]);
      }
    });
  });

  it('publishes every credential route with its RAM action', async () => {
    const doc = (await anonymous.get('/docs-json')).body;
    const action = (path: string, method: string) => doc.paths[path][method]['x-ram-action'];
    expect(action('/v1/users/{userName}/login-profile', 'put')).toBe('ram:CreateLoginProfile');
    expect(action('/v1/users/{userName}/login-profile', 'delete')).toBe('ram:DeleteLoginProfile');
    expect(action('/v1/users/{userName}/mfa-device', 'post')).toBe('ram:CreateVirtualMFADevice');
    expect(action('/v1/users/{userName}/mfa-device/binding', 'post')).toBe('ram:BindMFADevice');
    expect(action('/v1/users/{userName}/mfa-device', 'delete')).toBe('ram:UnbindMFADevice');
    expect(action('/v1/users/{userName}/access-keys', 'post')).toBe('ram:CreateAccessKey');
    expect(action('/v1/users/{userName}/access-keys', 'get')).toBe('ram:ListAccessKeys');
    expect(action('/v1/users/{userName}/access-keys/{accessKeyId}', 'patch')).toBe('ram:UpdateAccessKey');
    expect(action('/v1/users/{userName}/access-keys/{accessKeyId}', 'delete')).toBe('ram:DeleteAccessKey');
    expect(doc.paths['/v1/login'].post['x-ram-action']).toBeUndefined();
  });

  it('leaves no password, AccessKey secret, session token or MFA seed in events, Kafka, logs or error bodies', async () => {
    expect(secrets.length).toBeGreaterThan(20);
    expect(logLines.length).toBeGreaterThan(0);
    const { rows } = await db.query<{ text: string }>(
      `SELECT data::text || ' ' || metadata::text AS text FROM events`,
    );
    expect(rows.length).toBeGreaterThan(10);
    const idempotent = await db.query<{ text: string }>(
      `SELECT coalesce(response_body::text, '') AS text FROM idempotency_keys`,
    );
    const haystacks = {
      kafka: await kafkaMessages(rows.length),
      events: rows.map((r) => r.text).join('\n'),
      logs: logLines.join(''),
      errors: errorBodies.join('\n'),
      idempotency: idempotent.rows.map((r) => r.text).join('\n'),
    };
    if (transport === 'kafka') expect(haystacks.kafka).toContain('AccessKeyCreated');
    for (const [where, text] of Object.entries(haystacks)) {
      const found = secrets.filter((value) => text.includes(value));
      expect({ where, found }).toEqual({ where, found: [] });
    }
  });
});
