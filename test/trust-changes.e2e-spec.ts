import { Database } from '#event-store';
import { httpClient } from './support/http-client.js';
import { type Client, ramSetup, trustPolicy } from './support/ram-setup.js';
import { startTestService, type TestService, type TransportKind } from './support/test-service.js';

const RAM_FULL = 'AliyunRAMFullAccess';
const STS = 'AliyunSTSAssumeRoleAccess';

/** Trust-policy change review over HTTP (API.md "Trust-policy changes"; docs/trust-changes.md). */
describe.each<TransportKind>(['in-process', 'kafka'])(
  'trust-policy changes over HTTP (%s transport)',
  (transport) => {
    let running: TestService;
    let root: Client;
    let setup: ReturnType<typeof ramSetup>;
    let db: Database;
    let account: string;
    let paula: Client; // proposer
    let rex: Client; // reviewer
    let sam: Client; // reviewer
    let ben: Client; // a reviewer the admin change would let in
    let reader: Client; // may not review
    let carol: Client; // holds a live session of ops-live
    const user = (name: string) => `acs:ram::${account}:user/${name}`;

    beforeAll(async () => {
      running = await startTestService(transport);
      account = running.service.accountId;
      root = httpClient(running.url, { authorization: `Bearer ${running.rootToken}` });
      setup = ramSetup(running.url, root);
      db = new Database(running.databaseUrl, { max: 2 });
      paula = await setup.user('paula', [RAM_FULL, STS]);
      rex = await setup.user('rex', [RAM_FULL]);
      sam = await setup.user('sam', [RAM_FULL]);
      ben = await setup.user('ben', [RAM_FULL, STS]);
      reader = await setup.user('reader', ['ReadOnlyAccess']);
      carol = await setup.user('carol', [STS]);
      await setup.role('ops-live', trustPolicy([user('rex'), user('carol')]), ['AliyunARMSReadOnlyAccess']);
      await setup.role('admin', trustPolicy([user('rex')]), ['AdministratorAccess']);
      await setup.role('auditor', trustPolicy([user('paula')]), [RAM_FULL]);
      for (const name of ['reports', 'batch', 'deploy', 'vendor'])
        await setup.role(name, trustPolicy([user('rex')]), ['AliyunARMSReadOnlyAccess']);
      await setup.settled();
    });

    afterAll(async () => {
      await db?.close();
      await running?.stop();
    });

    const propose = (as: Client, roleName: string, principals: string[], condition?: object) =>
      as.post(`/v1/roles/${roleName}/trust-policy-changes`, {
        assumeRolePolicyDocument: trustPolicy(principals, condition),
        justification: 'ticket OPS-1',
      });
    const approve = (as: Client, changeId: string) =>
      as.post(`/v1/trust-policy-changes/${changeId}/approvals`, { comment: 'ok' });
    const role = async (roleName: string, position: string) =>
      (await root.get(`/v1/roles/${roleName}`, { 'ledger-min-position': position })).body;
    const trustChangedEvents = async (changeId: string) =>
      (
        await db.query(
          `SELECT 1 FROM events WHERE event_type = 'TrustPolicyChanged' AND data->>'changeId' = $1`,
          [changeId],
        )
      ).rowCount;

    it('records a proposal with its base version, analysis, required approvals and expiry; lists and reads it', async () => {
      const proposed = await propose(paula, 'reports', [user('rex'), user('carol')]);
      expect(proposed.status).toBe(202);
      expect(proposed.body).toMatchObject({
        status: 'PendingReview',
        baseVersion: 1,
        requiredApprovals: 1,
        roleName: 'reports',
        proposerArn: user('paula'),
        analysis: {
          riskLevel: 'low',
          addedPrincipals: [{ type: 'RAM', principal: user('carol') }],
          removedPrincipals: [],
          gainedAccess: [{ principalArn: user('carol'), actions: expect.arrayContaining(['arms:Get*']) }],
          lostAccess: [],
          activeSessionsAffected: [],
        },
      });
      const days = (Date.parse(proposed.body.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(6.99);
      const { changeId } = proposed.body;
      const read = await rex.get(`/v1/trust-policy-changes/${changeId}`);
      expect(read.body).toMatchObject({ changeId, status: 'PendingReview' });
      const listed = await root.get('/v1/trust-policy-changes?status=PendingReview&roleName=REPORTS&limit=1');
      expect(listed.body.trustPolicyChanges.map((c: { changeId: string }) => c.changeId)).toEqual([changeId]);
      expect(
        (await root.get('/v1/trust-policy-changes?status=Applied&roleName=reports')).body.trustPolicyChanges,
      ).toEqual([]);
      expect((await root.get('/v1/trust-policy-changes?status=Nope')).body.error.code).toBe(
        'InvalidParameter.Status',
      );
      expect((await root.get('/v1/trust-policy-changes/not-a-change')).status).toBe(404);
    });

    it('reports the live sessions of principals a change removes', async () => {
      const assumed = await carol.post('/v1/sts/assume-role', {
        roleArn: `acs:ram::${account}:role/ops-live`,
        roleSessionName: 'carol-shift',
      });
      expect(assumed.status).toBe(200);
      const proposed = await propose(paula, 'ops-live', [user('rex')]);
      expect(proposed.body.analysis).toMatchObject({
        riskLevel: 'low',
        removedPrincipals: [{ type: 'RAM', principal: user('carol') }],
        lostAccess: [{ principalArn: user('carol'), via: [] }],
        activeSessionsAffected: [
          {
            assumedRoleArn: `acs:ram::${account}:assumed-role/ops-live/carol-shift`,
            callerArn: user('carol'),
          },
        ],
      });
      expect(proposed.body.analysis.findings.map((f: { code: string }) => f.code)).toEqual([
        'PrincipalRemoved',
        'ActiveSessionsAffected',
      ]);
    });

    it('refuses bad proposals: unknown fields, missing justification, malformed document, unknown role', async () => {
      const base = { assumeRolePolicyDocument: trustPolicy([user('carol')]), justification: 'x' };
      const codes = await Promise.all([
        paula.post('/v1/roles/reports/trust-policy-changes', { ...base, extra: 1 }),
        paula.post('/v1/roles/reports/trust-policy-changes', {
          assumeRolePolicyDocument: base.assumeRolePolicyDocument,
        }),
        paula.post('/v1/roles/reports/trust-policy-changes', {
          ...base,
          assumeRolePolicyDocument: '{"Version":"1"',
        }),
        paula.post('/v1/roles/nowhere/trust-policy-changes', base),
        reader.post('/v1/roles/reports/trust-policy-changes', base),
      ]);
      expect(codes.map((r) => [r.status, r.body.error.code])).toEqual([
        [400, 'InvalidParameter.Extra'],
        [400, 'MissingParameter.Justification'],
        [400, 'MalformedPolicyDocument'],
        [404, 'EntityNotExist.Role'],
        [403, 'NoPermission'],
      ]);
    });

    it('refuses self-approval, a beneficiary and a reviewer without ram:ReviewTrustPolicyChange', async () => {
      const { body } = await propose(paula, 'admin', [user('rex'), user('ben')]);
      expect(body.analysis.riskLevel).toBe('high');
      expect(body.requiredApprovals).toBe(2);
      expect(body.analysis.findings.map((f: { code: string }) => f.code)).toEqual(
        expect.arrayContaining(['NewPrincipalOnPrivilegedRole', 'EscalationPathOpened']),
      );
      const self = await approve(paula, body.changeId);
      expect([self.status, self.body.error.code]).toEqual([403, 'SelfApprovalForbidden']);
      const beneficiary = await approve(ben, body.changeId);
      expect([beneficiary.status, beneficiary.body.error.code]).toEqual([403, 'ConflictOfInterest']);
      // Nor through a role session: the proposer is behind it.
      const assumed = await paula.post('/v1/sts/assume-role', {
        roleArn: `acs:ram::${account}:role/auditor`,
        roleSessionName: 'paula-audit',
      });
      const asAuditor = httpClient(running.url, {
        authorization: `Bearer ${assumed.body.credentials.securityToken}`,
      });
      const viaSession = await approve(asAuditor, body.changeId);
      expect([viaSession.status, viaSession.body.error.code]).toEqual([403, 'SelfApprovalForbidden']);
      const unauthorized = await approve(reader, body.changeId);
      expect([unauthorized.status, unauthorized.body.error.code]).toEqual([403, 'NoPermission']);
      const read = await root.get(`/v1/trust-policy-changes/${body.changeId}`);
      expect(read.body).toMatchObject({ status: 'PendingReview', approvals: [] });
    });

    it('a critical change needs two reviewers, then applies once with both approvers recorded', async () => {
      const { body } = await propose(paula, 'vendor', ['acs:ram::2222222222222222:root']);
      expect(body.analysis.riskLevel).toBe('critical');
      expect(body.requiredApprovals).toBe(2);
      const first = await approve(rex, body.changeId);
      expect(first.body).toMatchObject({
        status: 'PendingReview',
        approvals: [{ reviewerArn: user('rex') }],
      });
      const second = await approve(sam, body.changeId);
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ status: 'Applied', appliedTrustPolicyVersion: 2 });
      const vendor = await role('vendor', second.headers.get('ledger-position')!);
      expect(vendor.trustPolicyVersion).toBe(2);
      expect(JSON.parse(vendor.assumeRolePolicyDocument).Statement[0].Principal.RAM).toEqual([
        'acs:ram::2222222222222222:root',
      ]);
      expect(await trustChangedEvents(body.changeId)).toBe(1);
      const { rows } = await db.query<{ data: { approvers: string[]; proposerArn: string } }>(
        `SELECT data FROM events WHERE event_type = 'TrustPolicyChanged' AND data->>'changeId' = $1`,
        [body.changeId],
      );
      expect(rows[0]!.data).toMatchObject({
        approvers: [user('rex'), user('sam')],
        proposerArn: user('paula'),
      });
    });

    it('double approval at once: the same reviewer twice and two reviewers together apply exactly once', async () => {
      const same = (await propose(paula, 'batch', [user('rex'), user('carol')])).body;
      const twice = await Promise.all([approve(sam, same.changeId), approve(sam, same.changeId)]);
      expect(twice.map((r) => r.status)).toEqual([200, 200]);
      expect(twice.map((r) => r.body.status)).toEqual(['Applied', 'Applied']);
      expect(await trustChangedEvents(same.changeId)).toBe(1);

      const pair = (await propose(paula, 'batch', [user('rex')])).body;
      expect(pair.baseVersion).toBe(2);
      const together = await Promise.all([approve(sam, pair.changeId), approve(rex, pair.changeId)]);
      const outcomes = together.map((r) => (r.status === 200 ? r.body.status : r.body.error.code)).sort();
      expect(outcomes).toEqual(['Applied', 'InvalidStatus.TrustPolicyChange']);
      expect(await trustChangedEvents(pair.changeId)).toBe(1);
      const applied = (await root.get(`/v1/trust-policy-changes/${pair.changeId}`)).body;
      expect(applied.approvals).toHaveLength(1);
    });

    it('an approval bound to a stale base version fails and supersedes the proposal', async () => {
      const first = (await propose(paula, 'deploy', [user('rex'), user('carol')])).body;
      const second = (await propose(paula, 'deploy', [user('sam')])).body;
      expect(second.baseVersion).toBe(first.baseVersion);
      const assumeDeploy = (headers: Record<string, string> = {}) =>
        carol.post(
          '/v1/sts/assume-role',
          { roleArn: `acs:ram::${account}:role/deploy`, roleSessionName: 'c1' },
          headers,
        );
      expect((await assumeDeploy()).status).toBe(403);
      const applied = await approve(rex, first.changeId);
      expect(applied.body.status).toBe('Applied');
      // AssumeRole honours the applied trust policy.
      expect(
        (await assumeDeploy({ 'ledger-min-position': applied.headers.get('ledger-position')! })).status,
      ).toBe(200);
      const stale = await approve(rex, second.changeId);
      expect([stale.status, stale.body.error.code]).toEqual([409, 'StaleChangeRequest']);
      expect((await root.get(`/v1/trust-policy-changes/${second.changeId}`)).body.status).toBe('Superseded');
      expect(await trustChangedEvents(second.changeId)).toBe(0);
    });

    it('a rejection by any reviewer ends the proposal', async () => {
      const { changeId } = (await propose(paula, 'reports', [user('sam')])).body;
      const unauthorized = await reader.post(`/v1/trust-policy-changes/${changeId}/rejection`, {
        reason: 'no',
      });
      expect(unauthorized.status).toBe(403);
      expect((await rex.post(`/v1/trust-policy-changes/${changeId}/rejection`, {})).body.error.code).toBe(
        'MissingParameter.Reason',
      );
      const rejected = await rex.post(`/v1/trust-policy-changes/${changeId}/rejection`, {
        reason: 'too broad',
      });
      expect(rejected.body).toMatchObject({ status: 'Rejected', reason: 'too broad', endedBy: user('rex') });
      const late = await approve(sam, changeId);
      expect([late.status, late.body.error.code]).toEqual([409, 'InvalidStatus.TrustPolicyChange']);
    });

    it('only the proposer may cancel', async () => {
      const { changeId } = (await propose(paula, 'reports', [user('sam')])).body;
      const other = await rex.post(`/v1/trust-policy-changes/${changeId}/cancellation`);
      expect([other.status, other.body.error.code]).toEqual([403, 'NoPermission']);
      const cancelled = await paula.post(`/v1/trust-policy-changes/${changeId}/cancellation`);
      expect(cancelled.body).toMatchObject({ status: 'Cancelled', endedBy: user('paula') });
      expect(
        (await root.get('/v1/trust-policy-changes?status=Cancelled')).body.trustPolicyChanges,
      ).toHaveLength(1);
    });

    it('pages the list with limit and cursor, oldest first', async () => {
      const all = (await root.get('/v1/trust-policy-changes')).body.trustPolicyChanges;
      expect(all.length).toBeGreaterThan(3);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await root.get(`/v1/trust-policy-changes?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.body.trustPolicyChanges.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.trustPolicyChanges.map((c: { changeId: string }) => c.changeId));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.map((c: { changeId: string }) => c.changeId));
      const proposedAt = all.map((c: { proposedAt: string }) => c.proposedAt);
      expect([...proposedAt].sort()).toEqual(proposedAt);
      const bogus = await root.get('/v1/trust-policy-changes?cursor=bogus');
      expect(bogus.body.error.code).toBe('InvalidParameter.Cursor');
    });
  },
);

describe('trust-policy change expiry (short expiry, worker timer)', () => {
  let running: TestService;

  beforeAll(async () => {
    process.env.TRUST_CHANGE_EXPIRY_SECONDS = '1';
    try {
      running = await startTestService('in-process');
    } finally {
      delete process.env.TRUST_CHANGE_EXPIRY_SECONDS;
    }
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('expires a pending proposal after its expiry, once; approving it then fails', async () => {
    const root = httpClient(running.url, { authorization: `Bearer ${running.rootToken}` });
    const setup = ramSetup(running.url, root);
    const account = running.service.accountId;
    const rex = await setup.user('rex', [RAM_FULL]);
    await setup.role('reports', trustPolicy([`acs:ram::${account}:user/rex`]), ['AliyunARMSReadOnlyAccess']);
    await setup.settled();
    const { body } = await root.post('/v1/roles/reports/trust-policy-changes', {
      assumeRolePolicyDocument: trustPolicy([`acs:ram::${account}:user/sam`]),
      justification: 'short-lived',
    });
    expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThanOrEqual(1000);
    let status = body.status;
    for (let i = 0; i < 50 && status === 'PendingReview'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = (await root.get(`/v1/trust-policy-changes/${body.changeId}`)).body.status;
    }
    expect(status).toBe('Expired');
    const late = await rex.post(`/v1/trust-policy-changes/${body.changeId}/approvals`);
    expect([late.status, late.body.error.code]).toEqual([409, 'InvalidStatus.TrustPolicyChange']);
    const db = new Database(running.databaseUrl, { max: 1 });
    const { rows } = await db.query<{ actor: string }>(
      `SELECT metadata->>'actorArn' AS actor FROM events WHERE event_type = 'TrustPolicyChangeExpired'`,
    );
    await db.close();
    expect(rows).toEqual([{ actor: `acs:ram::${account}:service/access-ledger` }]);
  });
});
