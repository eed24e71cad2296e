import {
  committedEvents,
  type LoggedEvent,
  modelAt,
  statementKeys,
  trustPoliciesAt,
  trusts,
} from './support/audit-oracle.js';
import { httpClient } from './support/http-client.js';
import { runScriptedHistory, type ScriptedHistory } from './support/scripted-history.js';
import { startTestService, type TestService } from './support/test-service.js';

const INSTANTS = 50;

/** Spread instants over the history, with every one that falls inside a time-bound grant's window first. */
function chooseInstants(history: ScriptedHistory): Date[] {
  const afterSetup = history.instants.slice(14);
  const inWindow = afterSetup.filter((t) =>
    history.timeBound.some((g) => g.attachedAt < t && t < g.expiresAt),
  );
  const chosen = new Set(inWindow.slice(0, 15));
  const rest = afterSetup.filter((t) => !chosen.has(t));
  const step = rest.length / (INSTANTS - chosen.size);
  for (let i = 0; chosen.size < INSTANTS; i++) chosen.add(rest[Math.floor(i * step)]);
  return [...chosen].sort((a, b) => a.getTime() - b.getTime());
}

describe('audit history against a replay of the log (oracle)', () => {
  let running: TestService;
  let api: ReturnType<typeof httpClient>;
  let account: string;
  let history: ScriptedHistory;
  let events: LoggedEvent[];
  let instants: Date[];

  beforeAll(async () => {
    running = await startTestService('in-process');
    api = httpClient(running.url, { authorization: `Bearer ${running.rootToken}` });
    account = running.service.accountId;
    history = await runScriptedHistory(api, account, 200);
    // Let the last time-bound grants end and the worker write their expiries, then catch the projection up.
    const lastEnd = Math.max(...history.timeBound.map((g) => g.expiresAt.getTime()));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastEnd - Date.now()) + 100));
    await api.get('/v1/users', { 'ledger-min-position': history.lastPosition });
    events = await committedEvents(running.databaseUrl);
    instants = chooseInstants(history);
  }, 300_000);

  afterAll(async () => {
    await running?.stop();
  });

  const checks = (account: string) => [
    ['arms:GetAlert', `acs:arms:cn-hangzhou:${account}:alert/a1`],
    ['arms:CreateAlert', `acs:arms:cn-hangzhou:${account}:alert/a1`],
    ['arms:DeleteAlert', `acs:arms:cn-hangzhou:${account}:alert/a1`],
    ['ram:GetUser', `acs:ram::${account}:user/u0`],
    ['ecs:StartInstance', `acs:ecs:cn-hangzhou:${account}:instance/i-1`],
    ['sts:AssumeRole', `acs:ram::${account}:role/r0`],
  ];

  it('ran 200 accepted changes, with instants inside time-bound grants', () => {
    expect(history.changes).toBeGreaterThanOrEqual(200);
    expect(instants).toHaveLength(INSTANTS);
    const inside = instants.filter((t) => history.timeBound.some((g) => g.attachedAt < t && t < g.expiresAt));
    expect(inside.length).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'PolicyAttachmentExpired')).toBe(true);
  });

  it('answers access at each of 50 instants exactly as a replay of the events up to that instant', async () => {
    let allows = 0;
    for (const at of instants) {
      const model = modelAt(events, at);
      const principals = [
        ...history.users.map((name) => ({
          arn: `acs:ram::${account}:user/${name}`,
          set: model.userPolicies(name, at),
        })),
        ...history.roles.map((name) => ({
          arn: `acs:ram::${account}:role/${name}`,
          set: model.rolePolicies(name, at),
        })),
      ];
      for (const { arn, set } of principals)
        for (const [action, resource] of checks(account)) {
          const expected = set!.evaluate({ principalArn: arn, action, resource }, { now: at });
          const query = new URLSearchParams({ principalArn: arn, action, resource, at: at.toISOString() });
          const actual = await api.get(`/v1/audit/access?${query}`);
          expect(actual.status).toBe(200);
          expect({
            at,
            arn,
            action,
            decision: actual.body.decision,
            matched: statementKeys(actual.body.matchedStatements),
          }).toEqual({
            at,
            arn,
            action,
            decision: expected.decision,
            matched: statementKeys(expected.matched),
          });
          if (expected.decision === 'Allow') allows += 1;
        }
    }
    expect(allows).toBeGreaterThan(20); // the history is not all denials
  }, 300_000);

  it('answers who-can exactly as a brute-force evaluation of every principal, roles they can assume included', async () => {
    let listed = 0;
    for (const at of instants.filter((_, i) => i % 5 === 0)) {
      const model = modelAt(events, at);
      const trustAt = trustPoliciesAt(events, at);
      const allows = (
        set: ReturnType<typeof model.userPolicies>,
        arn: string,
        action: string,
        resource: string,
      ) => set?.evaluate({ principalArn: arn, action, resource }, { now: at }).decision === 'Allow';
      for (const [action, resource] of checks(account)) {
        const expected: Record<string, { own: boolean; roles: string[] }> = {};
        const userArn = (u: string) => `acs:ram::${account}:user/${u}`;
        for (const u of history.users)
          if (allows(model.userPolicies(u, at), userArn(u), action, resource))
            expected[userArn(u)] = { own: true, roles: [] };
        for (const r of history.roles) {
          const roleArn = `acs:ram::${account}:role/${r}`;
          if (!allows(model.rolePolicies(r, at), roleArn, action, resource)) continue;
          expected[roleArn] = { own: true, roles: [] };
          for (const u of history.users) {
            if (!trusts(trustAt.get(r)!, userArn(u), at)) continue;
            if (!allows(model.userPolicies(u, at), userArn(u), 'sts:AssumeRole', roleArn)) continue;
            (expected[userArn(u)] ??= { own: false, roles: [] }).roles.push(r);
          }
        }
        const query = new URLSearchParams({ action, resource, at: at.toISOString() });
        const response = await api.get(`/v1/audit/who-can?${query}`);
        expect(response.status).toBe(200);
        const actual: Record<string, { own: boolean; roles: string[] }> = {};
        for (const p of response.body.principals as {
          principalArn: string;
          paths: { kind: string; roleName?: string }[];
        }[])
          actual[p.principalArn] = {
            own: p.paths.some((path) => path.kind !== 'role'),
            roles: p.paths.flatMap((path) => (path.kind === 'role' ? [path.roleName!] : [])),
          };
        expect({ at, action, principals: actual }).toEqual({ at, action, principals: expected });
        listed += Object.keys(expected).length;
      }
    }
    expect(listed).toBeGreaterThan(5);
  }, 300_000);
});
