import {
  deleteEvent,
  editEventData,
  rewriteHistory,
  truncateTail,
} from '../libs/event-store/src/testing/tamper.js';
import pg from 'pg';
import { parseCsv } from './support/csv.js';
import { httpClient } from './support/http-client.js';
import { startTestService, type TestService, type TransportKind } from './support/test-service.js';

interface AuditEvent {
  position: number;
  occurredAt: string;
  actor: { arn: string };
  type: string;
  streamId: string;
  streamVersion: number;
  eventId: string;
  schemaVersion: number;
  data: Record<string, unknown>;
}

const PASSWORD = 'Audit-Trail-Pa55word!';

// The chainer runs in the worker on both transports; the history is read from the store on both.
describe.each<TransportKind>(['in-process', 'kafka'])(
  'audit event history and tamper evidence (%s transport)',
  (transport) => {
    let running: TestService;
    let api: ReturnType<typeof httpClient>;
    let account: string;
    let accessKeySecret: string;

    const raw = async (path: string) => {
      const response = await fetch(`${running.url}${path}`, {
        headers: { authorization: `Bearer ${running.rootToken}` },
      });
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        text: await response.text(),
      };
    };

    /** Every event, page by page, with the filters given. */
    const all = async (query = '', limit = 1000): Promise<AuditEvent[]> => {
      const events: AuditEvent[] = [];
      let after = '';
      for (;;) {
        const page = await api.get(`/v1/audit/events?limit=${limit}${query}${after && `&after=${after}`}`);
        expect(page.status).toBe(200);
        events.push(...page.body.events);
        if (!page.body.nextCursor) return events;
        after = page.body.nextCursor;
      }
    };

    /** The chainer runs beside the API: wait until it has linked every committed event. */
    const chained = async () => {
      for (let attempt = 0; attempt < 400; attempt++) {
        const integrity = await api.get('/v1/audit/integrity');
        if (integrity.body.unchainedEvents === 0) return integrity.body;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error('the chain did not catch up');
    };

    beforeAll(async () => {
      running = await startTestService(transport);
      api = httpClient(running.url, { authorization: `Bearer ${running.rootToken}` });
      account = running.service.accountId;
      for (const [userName, kind] of [
        ['alice', 'human'],
        ['bob', 'programmatic'],
      ])
        expect((await api.post('/v1/users', { userName, kind })).status).toBe(201);
      expect((await api.post('/v1/groups', { groupName: 'ops' })).status).toBe(201);
      expect((await api.put('/v1/groups/ops/members/alice')).status).toBeLessThan(300);
      expect((await api.put('/v1/users/bob/policies/System/AliyunARMSReadOnlyAccess')).status).toBe(201);
      expect((await api.put('/v1/users/alice/login-profile', { password: PASSWORD })).status).toBeLessThan(
        300,
      );
      const key = await api.post('/v1/users/bob/access-keys');
      expect(key.status).toBe(201);
      accessKeySecret = key.body.accessKeySecret;
      await chained();
    });

    afterAll(async () => {
      await running?.stop();
    });

    it('lists the history in commit order with every field', async () => {
      const events = await all();
      expect(events.length).toBeGreaterThanOrEqual(7);
      expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
      expect(events[0]).toEqual({
        position: expect.any(Number),
        occurredAt: expect.stringMatching(/Z$/),
        actor: expect.objectContaining({ arn: `acs:ram::${account}:root` }),
        type: expect.any(String),
        streamId: expect.any(String),
        streamVersion: expect.any(Number),
        eventId: expect.any(String),
        schemaVersion: 1,
        correlationId: expect.any(String),
        data: expect.any(Object),
      });
      const alice = events.filter((e) => e.data.userName === 'alice').map((e) => e.type);
      expect(alice.indexOf('UserCreated')).toBeLessThan(alice.indexOf('UserAddedToGroup'));
    });

    it('filters by type, stream, actor and time', async () => {
      const events = await all();
      const created = await all('&type=UserCreated,GroupCreated');
      expect(created.map((e) => e.type).sort()).toEqual(['GroupCreated', 'UserCreated', 'UserCreated']);
      const stream = created[0].streamId;
      expect((await all(`&streamId=${stream}`)).every((e) => e.streamId === stream)).toBe(true);
      expect(await all(`&actorArn=acs:ram::${account}:root`)).toHaveLength(events.length);
      expect(await all(`&actorArn=acs:ram::${account}:user/alice`)).toHaveLength(0);
      const last = events[events.length - 1];
      const atLast = await all(`&from=${encodeURIComponent(last.occurredAt)}`);
      expect(atLast.map((e) => e.eventId)).toContain(last.eventId);
      expect(await all(`&to=${encodeURIComponent(events[0].occurredAt)}`)).toHaveLength(0);
    });

    it('finds the events about a principal: its stream, its memberships and attachments', async () => {
      const alice = await all(`&principalArn=acs:ram::${account}:user/alice`);
      expect(alice.map((e) => e.type)).toEqual(expect.arrayContaining(['UserCreated', 'UserAddedToGroup']));
      expect(alice.every((e) => JSON.stringify(e.data).includes('alice'))).toBe(true);
      const ops = await all(`&principalArn=acs:ram::${account}:group/OPS`);
      expect(ops.map((e) => e.type)).toEqual(['GroupCreated', 'UserAddedToGroup']);
      const bob = await all(`&principalArn=acs:ram::${account}:user/bob`);
      expect(bob.map((e) => e.type)).toEqual(expect.arrayContaining(['UserCreated', 'PolicyAttached']));
      expect(bob.some((e) => e.data.userName === 'alice')).toBe(false);
      expect(await all(`&principalArn=acs:ram::${account}:user/nobody`)).toEqual([]);
    });

    it('pages with an opaque cursor and refuses bad parameters', async () => {
      expect(await all('', 2)).toEqual(await all());
      for (const query of [
        'limit=0',
        'limit=1001',
        'after=bogus',
        'from=yesterday',
        'principalArn=alice',
        'type=a%20b',
      ]) {
        const refused = await api.get(`/v1/audit/events?${query}`);
        expect(refused.status).toBe(400);
        expect(refused.body.error.code).toMatch(/^InvalidParameter\./);
      }
    });

    it('exports JSON Lines and CSV for a time range', async () => {
      const events = await all();
      const range = `from=${encodeURIComponent(events[1].occurredAt)}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`;
      const inRange = await all(`&${range}`);
      const jsonl = await raw(`/v1/audit/events/export?format=jsonl&${range}`);
      expect(jsonl.status).toBe(200);
      expect(jsonl.type).toMatch(/application\/x-ndjson/);
      const lines = jsonl.text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as AuditEvent);
      expect(lines).toEqual(inRange);
      const csv = await raw(`/v1/audit/events/export?format=csv&${range}`);
      expect(csv.type).toMatch(/text\/csv/);
      const [header, ...rows] = parseCsv(csv.text);
      expect(header.slice(0, 4)).toEqual(['position', 'occurredAt', 'actorArn', 'requestId']);
      expect(rows).toHaveLength(inRange.length);
      const column = (name: string) => header.indexOf(name);
      rows.forEach((row, i) => {
        expect(Number(row[column('position')])).toBe(inRange[i].position);
        expect(row[column('type')]).toBe(inRange[i].type);
        expect(JSON.parse(row[column('data')])).toEqual(inRange[i].data);
      });
      expect((await raw('/v1/audit/events/export?format=xml')).status).toBe(400);
    });

    it('never shows a password or an AccessKey secret, in pages or exports', async () => {
      const texts = [
        JSON.stringify(await all()),
        (await raw('/v1/audit/events/export?format=jsonl')).text,
        (await raw('/v1/audit/events/export?format=csv')).text,
      ];
      for (const text of texts) {
        expect(text).not.toContain(PASSWORD);
        expect(text).not.toContain(accessKeySecret);
        expect(text).not.toMatch(/"(password|accessKeySecret|passwordHash|secretHash)"/i);
      }
    });

    it('authorizes every audit route with its own action, published in the OpenAPI document', async () => {
      const docs = await api.get('/docs-json');
      const routes = {
        '/v1/audit/events': ['get', 'audit:QueryEvents'],
        '/v1/audit/events/export': ['get', 'audit:ExportEvents'],
        '/v1/audit/integrity': ['get', 'audit:VerifyIntegrity'],
        '/v1/audit/checkpoint': ['get', 'audit:GetCheckpoint'],
        '/v1/audit/integrity/verification': ['post', 'audit:VerifyCheckpoint'],
      };
      for (const [path, [method, action]] of Object.entries(routes))
        expect(docs.body.paths[path][method]['x-ram-action']).toBe(action);
      const created = await api.post('/v1/users', { userName: 'carol', kind: 'programmatic' });
      expect(created.status).toBe(201);
      const sync = { 'ledger-min-position': created.headers.get('ledger-position')! };
      const key = await api.post('/v1/users/carol/access-keys', undefined, sync);
      expect(key.status).toBe(201);
      const carol = httpClient(running.url, {
        authorization: `AccessKey ${key.body.accessKeyId}:${key.body.accessKeySecret}`,
      });
      const paths = [
        '/v1/audit/events',
        '/v1/audit/events/export',
        '/v1/audit/integrity',
        '/v1/audit/checkpoint',
      ];
      const refused = await Promise.all(paths.map(async (path) => [path, (await carol.get(path)).status]));
      expect(refused).toEqual(paths.map((path) => [path, 403]));
    });

    it('runs its own connections as access_ledger_app, which may not change history', async () => {
      const admin = new pg.Client(running.databaseUrl);
      await admin.connect();
      try {
        const { rows } = await admin.query<{ usename: string }>(
          `SELECT DISTINCT usename FROM pg_stat_activity
           WHERE datname = current_database() AND application_name = 'access-ledger'`,
        );
        expect(rows).toEqual([{ usename: 'access_ledger_app' }]);
      } finally {
        await admin.end();
      }
    });

    it('verifies the chain, signs a checkpoint, and detects edits, deletions and a truncated tail', async () => {
      const integrity = await chained();
      const events = await all();
      expect(integrity).toMatchObject({
        verified: true,
        events: events.length,
        headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const checkpoint = (await api.get('/v1/audit/checkpoint')).body;
      expect(checkpoint).toMatchObject({
        chainLength: events.length,
        headHash: integrity.headHash,
        algorithm: 'Ed25519',
      });
      const verify = (body: unknown) => api.post('/v1/audit/integrity/verification', { checkpoint: body });
      expect((await verify(checkpoint)).body).toMatchObject({ verified: true, signatureValid: true });
      expect((await verify({ ...checkpoint, chainLength: checkpoint.chainLength - 1 })).body).toMatchObject({
        verified: false,
        reason: 'SignatureInvalid',
      });
      expect((await verify({ ...checkpoint, extra: 1 })).status).toBe(400);

      // A superuser disables the trigger and grants bob more: found at that event; undone, verified again.
      const attached = events.find((e) => e.type === 'PolicyAttached')!;
      await editEventData(running.databaseUrl, attached.position, {
        ...attached.data,
        policyName: 'AdministratorAccess',
      });
      expect((await api.get('/v1/audit/integrity')).body).toMatchObject({
        verified: false,
        reason: 'HashMismatch',
        firstBrokenPosition: attached.position,
      });
      expect((await api.get('/v1/audit/checkpoint')).status).toBe(409);
      expect((await verify(checkpoint)).body).toMatchObject({ verified: false, reason: 'HashMismatch' });
      await editEventData(running.databaseUrl, attached.position, attached.data);
      expect((await api.get('/v1/audit/integrity')).body.verified).toBe(true);

      // Rewriting an event and re-linking everything after it gives a chain that verifies, but not the exported head.
      await rewriteHistory(running.databaseUrl, attached.position, {
        ...attached.data,
        policyName: 'AdministratorAccess',
      });
      expect(await chained()).toMatchObject({ verified: true, events: events.length });
      expect((await verify(checkpoint)).body).toMatchObject({ verified: false, reason: 'HeadHashMismatch' });

      // Cutting the last events and their links leaves a whole chain: only the exported checkpoint reveals it.
      await truncateTail(running.databaseUrl, 2);
      expect((await api.get('/v1/audit/integrity')).body).toMatchObject({
        verified: true,
        events: events.length - 2,
      });
      expect((await verify(checkpoint)).body).toMatchObject({
        verified: false,
        reason: 'CheckpointNotInChain',
      });

      // A deleted event in the middle is missing from its link.
      await deleteEvent(running.databaseUrl, events[2].position);
      expect((await api.get('/v1/audit/integrity')).body).toMatchObject({
        verified: false,
        reason: 'EventMissing',
        firstBrokenPosition: events[2].position,
      });
    });
  },
);
