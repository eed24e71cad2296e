import { gzipSync } from 'node:zlib';
import { request } from 'node:http';
import { httpClient } from './support/http-client.js';
import { ramSetup } from './support/ram-setup.js';
import { startTestService, type TestService } from './support/test-service.js';

/**
 * POST /v1/authorize and /batch, answered before the framework's router (direct-decision-path.ts): the same
 * answers and errors as any route, whether the body takes the plain JSON reader or body-parser.
 */
describe('the decision endpoints', () => {
  let running: TestService;
  let account: string;
  let root: ReturnType<typeof httpClient>;
  const query = () => ({
    principalArn: `acs:ram::${account}:user/reader`,
    action: 'arms:GetTrace',
    resource: `acs:arms:cn-hangzhou:${account}:trace/1`,
  });
  /** A raw POST with the exact headers and body bytes given (fetch would add or change some). */
  const raw = (
    path: string,
    headers: Record<string, string>,
    body: Buffer | string,
    sending: 'whole' | 'split' | 'chunked' = 'whole',
  ) =>
    new Promise<{ status: number; body: { error?: { code: string }; decision?: string } }>(
      (resolve, reject) => {
        const url = new URL(path, running.url);
        const req = request(
          url,
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${running.rootToken}`,
              ...(sending !== 'chunked' && { 'content-length': String(Buffer.byteLength(body)) }),
              ...headers,
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
            );
          },
        );
        req.on('error', reject);
        if (sending === 'whole') return req.end(body);
        // Two writes apart in time: the server receives the body in two pieces.
        const bytes = Buffer.from(body);
        req.write(bytes.subarray(0, 10));
        setTimeout(() => req.end(bytes.subarray(10)), 20);
      },
    );
  const codeOf = (response: { status: number; body: { error?: { code: string } } }) => [
    response.status,
    response.body.error?.code,
  ];

  beforeAll(async () => {
    running = await startTestService('in-process');
    account = running.service.accountId;
    root = httpClient(running.url, { authorization: `Bearer ${running.rootToken}` });
    const setup = ramSetup(running.url, root);
    await setup.accessKey('reader', ['AliyunARMSReadOnlyAccess']);
    await setup.settled();
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('explains a decision, single and in a batch', async () => {
    const allowed = await root.post('/v1/authorize', query());
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({
      decision: 'Allow',
      matchedStatements: [{ policyType: 'System', policyName: 'AliyunARMSReadOnlyAccess', effect: 'Allow' }],
    });
    expect(allowed.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const batch = await root.post('/v1/authorize/batch', {
      requests: [query(), { ...query(), action: 'arms:DeleteTrace' }, { ...query(), action: 7 }],
    });
    expect(batch.status).toBe(200);
    expect(
      batch.body.results.map(
        (r: { decision?: string; error?: { code: string } }) => r.decision ?? r.error?.code,
      ),
    ).toEqual(['Allow', 'ImplicitDeny', 'InvalidParameter.Action']);
  });

  it('decides a single check and a batch at the position it is given: a grant then its revocation', async () => {
    const checks = { requests: [{ ...query(), action: 'ram:ListUsers', resource: '*' }] };
    const decisionsAt = async (position: string) => {
      const at = { 'ledger-min-position': position };
      const single = await root.post('/v1/authorize', checks.requests[0], at);
      const batch = await root.post('/v1/authorize/batch', checks, at);
      return [single.body.decision, batch.body.results[0].decision];
    };
    const granted = await root.put('/v1/users/reader/policies/System/AliyunRAMReadOnlyAccess');
    expect(granted.status).toBe(201);
    expect(await decisionsAt(granted.headers.get('ledger-position')!)).toEqual(['Allow', 'Allow']);
    const revoked = await root.delete('/v1/users/reader/policies/System/AliyunRAMReadOnlyAccess');
    expect(revoked.status).toBeLessThan(300);
    expect(await decisionsAt(revoked.headers.get('ledger-position')!)).toEqual([
      'ImplicitDeny',
      'ImplicitDeny',
    ]);
  });

  it('reads every accepted body shape the same way', async () => {
    const body = JSON.stringify(query());
    const shapes: [string, Record<string, string>, Buffer | string, ('split' | 'chunked')?][] = [
      ['plain', { 'content-type': 'application/json' }, body],
      ['charset', { 'content-type': 'application/json; charset=utf-8' }, body],
      ['byte order mark', { 'content-type': 'application/json' }, `\ufeff${body}`],
      ['chunked, no length', { 'content-type': 'application/json' }, body, 'chunked'],
      ['in two pieces', { 'content-type': 'application/json' }, body, 'split'],
      ['gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync(body)],
      ['vendor type', { 'content-type': 'application/vnd.api+json' }, body],
    ];
    for (const [shape, headers, bytes, sending] of shapes) {
      const answer = await raw('/v1/authorize', headers, bytes, sending);
      expect([shape, answer.status, answer.body.decision]).toEqual([shape, 200, 'Allow']);
    }
  });

  it('refuses bad bodies with the error every route gives', async () => {
    const json = { 'content-type': 'application/json' };
    const cases: [string, Record<string, string>, string, number, string][] = [
      ['not JSON', json, '{"principalArn":', 400, 'InvalidParameter.Body'],
      ['a string', json, '"x"', 400, 'InvalidParameter.Body'],
      ['null', json, 'null', 400, 'InvalidParameter.Body'],
      ['empty object', json, '{}', 400, 'MissingParameter.PrincipalArn'],
      ['unknown field', json, JSON.stringify({ ...query(), userId: 'u' }), 400, 'InvalidParameter.UserId'],
      [
        'not JSON typed',
        { 'content-type': 'text/plain' },
        JSON.stringify(query()),
        400,
        'MissingParameter.PrincipalArn',
      ],
      [
        'unsupported charset',
        { 'content-type': 'application/json; charset=latin1' },
        JSON.stringify(query()),
        415,
        'UnsupportedMediaType',
      ],
      [
        'over 64 KiB',
        json,
        JSON.stringify({ ...query(), resource: 'x'.repeat(70_000) }),
        413,
        'PayloadTooLarge',
      ],
    ];
    for (const [name, headers, body, status, code] of cases) {
      const answer = await raw('/v1/authorize', headers, body);
      expect([name, ...codeOf(answer)]).toEqual([name, status, code]);
    }
    const tooMany = { requests: Array.from({ length: 1001 }, query) };
    expect(codeOf(await raw('/v1/authorize/batch', json, JSON.stringify(tooMany)))).toEqual([
      400,
      'InvalidParameter.Requests',
    ]);
    // A batch may be larger than 64 KiB (up to 1 MiB), a single check may not.
    const big = { requests: Array.from({ length: 1000 }, query) };
    expect((await raw('/v1/authorize/batch', json, JSON.stringify(big))).status).toBe(200);
  });

  it('authenticates and authorizes the caller', async () => {
    const body = JSON.stringify(query());
    const json = { 'content-type': 'application/json' };
    expect(codeOf(await raw('/v1/authorize', { ...json, authorization: '' }, body))).toEqual([
      401,
      'InvalidCredentials',
    ]);
    expect(
      codeOf(await raw('/v1/authorize', { ...json, authorization: 'Bearer wrong-token' }, body)),
    ).toEqual([401, 'InvalidCredentials']);
    // A RAM user without ram:Authorize is authenticated, then refused.
    const setup = ramSetup(running.url, root);
    const reader = await setup.user('no-rights');
    await setup.settled(); // the new user is in the permission state before it calls
    const refused = await reader.post('/v1/authorize', query());
    expect([refused.status, refused.body.error.code]).toEqual([403, 'NoPermission']);
  });
});
