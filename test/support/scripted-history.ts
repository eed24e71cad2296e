import type { httpClient } from './http-client.js';
import { trustPolicy } from './policy-documents.js';

type Api = ReturnType<typeof httpClient>;

export interface TimeBoundGrant {
  attachedAt: Date;
  expiresAt: Date;
}

export interface ScriptedHistory {
  users: string[];
  roles: string[];
  /** The instant after each change, in order. */
  instants: Date[];
  timeBound: TimeBoundGrant[];
  lastPosition: string;
  changes: number;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing history can be replayed. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] };
}

const statement = (Effect: string, Action: string[], Resource = '*', Condition?: object) => ({
  Effect,
  Action,
  Resource,
  ...(Condition && { Condition }),
});
const doc = (...Statement: object[]) => JSON.stringify({ Version: '1', Statement });

/** Policy documents the history switches between: allows, denies and a statement that stops at `cutoff`. */
export function historyDocuments(account: string, cutoff: Date): string[] {
  return [
    doc(statement('Allow', ['arms:Get*', 'arms:List*'])),
    doc(statement('Allow', ['arms:*'], 'acs:arms:*:*:alert/*'), statement('Deny', ['arms:DeleteAlert'])),
    doc(statement('Allow', ['ram:Get*', 'ram:List*'])),
    doc(statement('Allow', ['ecs:*'], '*', { DateLessThan: { 'acs:CurrentTime': cutoff.toISOString() } })),
    doc(statement('Deny', ['arms:CreateAlert'])),
    doc(statement('Allow', ['sts:AssumeRole'], `acs:ram::${account}:role/*`)),
  ];
}

const SYSTEM = ['AliyunARMSReadOnlyAccess', 'AliyunSTSAssumeRoleAccess', 'ReadOnlyAccess'];

/**
 * A scripted history through the real HTTP API: users, groups, roles and custom policies, then `changes`
 * random joins and leaves, grants (some time-bound, ending while the history runs) and revocations, and
 * policy versions created, switched and deleted. Only changes the service accepted count.
 */
export async function runScriptedHistory(
  api: Api,
  account: string,
  changes = 200,
  seed = 8,
): Promise<ScriptedHistory> {
  const random = seededRandom(seed);
  const users = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5'];
  const groups = ['g0', 'g1', 'g2'];
  const roles = ['r0', 'r1'];
  const policies = ['p0', 'p1', 'p2'];
  const documents = historyDocuments(account, new Date(Date.now() + 1500));
  const history: ScriptedHistory = {
    users,
    roles,
    instants: [],
    timeBound: [],
    lastPosition: '0',
    changes: 0,
  };
  const rejected: string[] = [];
  const record = (response: { status: number; headers: Headers; body: unknown }) => {
    if (response.status >= 300) {
      rejected.push(`${response.status} ${JSON.stringify(response.body)}`);
      return false;
    }
    history.lastPosition = response.headers.get('ledger-position') ?? history.lastPosition;
    history.changes += 1;
    history.instants.push(new Date());
    return true;
  };
  const member = new Set<string>();
  const attached = new Map<string, number>(); // principal path + policy → expiry (ms) or Infinity
  const versions = new Map(policies.map((p) => [p, { ids: ['v1'], default: 'v1' }]));

  for (const u of users) record(await api.post('/v1/users', { userName: u, kind: 'human' }));
  for (const g of groups) record(await api.post('/v1/groups', { groupName: g }));
  for (const [i, r] of roles.entries()) {
    const trusted = users.slice(i * 2, i * 2 + 2).map((u) => `acs:ram::${account}:user/${u}`);
    record(await api.post('/v1/roles', { roleName: r, assumeRolePolicyDocument: trustPolicy(trusted) }));
  }
  for (const p of policies)
    record(await api.post('/v1/policies', { policyName: p, policyDocument: random.pick(documents) }));

  for (let attempts = 0; history.changes < changes; attempts++) {
    if (attempts > changes * 4) throw new Error(`the history stalled: ${rejected.slice(-5).join('; ')}`);
    const roll = random.next();
    if (roll < 0.3) {
      const key = `/v1/groups/${random.pick(groups)}/members/${random.pick(users)}`;
      if (!member.has(key)) {
        if (record(await api.put(key))) member.add(key);
      } else if (record(await api.delete(key))) member.delete(key);
    } else if (roll < 0.75) {
      const principal = random.pick([
        ...users.map((u) => `users/${u}`),
        ...groups.map((g) => `groups/${g}`),
        ...roles.map((r) => `roles/${r}`),
      ]);
      const policy =
        random.next() < 0.5 ? `System/${random.pick(SYSTEM)}` : `Custom/${random.pick(policies)}`;
      const key = `/v1/${principal}/policies/${policy}`;
      const expiry = attached.get(key);
      if (expiry !== undefined && expiry > Date.now() + 50) {
        if (record(await api.delete(key))) attached.delete(key);
      } else if (expiry === undefined || expiry < Date.now() - 200) {
        const timeBound = random.next() < 0.35;
        const expiresAt = new Date(Date.now() + 150 + Math.floor(random.next() * 450));
        const response = await api.put(key, timeBound ? { expiresAt: expiresAt.toISOString() } : undefined);
        if (record(response)) {
          attached.set(key, timeBound ? expiresAt.getTime() : Number.POSITIVE_INFINITY);
          if (timeBound) history.timeBound.push({ attachedAt: history.instants.at(-1)!, expiresAt });
        }
      }
    } else if (roll < 0.9) {
      const p = random.pick(policies);
      const v = versions.get(p)!;
      if (v.ids.length >= 5) {
        const victim = v.ids.find((id) => id !== v.default)!;
        if (record(await api.delete(`/v1/policies/Custom/${p}/versions/${victim}`)))
          v.ids = v.ids.filter((id) => id !== victim);
        continue;
      }
      const setAsDefault = random.next() < 0.5;
      const created = await api.post(`/v1/policies/Custom/${p}/versions`, {
        policyDocument: random.pick(documents),
        setAsDefault,
      });
      if (record(created)) {
        v.ids.push(created.body.versionId);
        if (setAsDefault) v.default = created.body.versionId;
      }
    } else {
      const p = random.pick(policies);
      const v = versions.get(p)!;
      const versionId = random.pick(v.ids);
      if (
        versionId !== v.default &&
        record(await api.put(`/v1/policies/Custom/${p}/default-version`, { versionId }))
      )
        v.default = versionId;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return history;
}
