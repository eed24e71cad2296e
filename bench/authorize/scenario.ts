import { randomUUID } from 'node:crypto';
import type { NewEvent } from '#event-store';
import { SYSTEM_POLICIES } from '#policy';

export const ACCOUNT_ID = '1000000000000042';
export const USER = 'bench-user';

interface ScenarioEvent {
  streamId: string;
  event: NewEvent;
}

const meta = { actorArn: `acs:ram::${ACCOUNT_ID}:root`, requestId: 'bench', correlationId: 'bench' };
const at = new Date('2026-01-01T00:00:00Z');
const stamp = (type: string, data: unknown): NewEvent => ({
  type,
  schemaVersion: 1,
  data,
  eventId: randomUUID(),
  occurredAt: at,
  metadata: meta,
});

/** Custom policy i: 5 statements over ARMS and RAM actions, some with conditions and one Deny. */
function customDocument(i: number): string {
  return JSON.stringify({
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: [`arms:Get*`, `arms:List${i}*`], Resource: `acs:arms:*:${ACCOUNT_ID}:*` },
      {
        Effect: 'Allow',
        Action: `ram:List*`,
        Resource: '*',
        Condition: { Bool: { 'acs:MFAPresent': 'true' } },
      },
      {
        Effect: 'Allow',
        Action: `arms:Create${i}Alert`,
        Resource: `acs:arms:cn-hangzhou:${ACCOUNT_ID}:alert/*`,
      },
      {
        Effect: 'Allow',
        Action: `arms:Update*`,
        Resource: '*',
        Condition: { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } },
      },
      { Effect: 'Deny', Action: `arms:Delete*`, Resource: `acs:arms:*:${ACCOUNT_ID}:prod-*` },
    ],
  });
}

/**
 * A user in 3 groups with 10 policies in force: 2 system policies direct, 6 custom via groups, 2 custom
 * direct — written as the events the identity commands would write.
 */
export function scenarioEvents(): ScenarioEvent[] {
  const userId = randomUUID();
  const events: ScenarioEvent[] = [
    {
      streamId: `user-${userId}`,
      event: stamp('UserCreated', { userId, userName: USER, accountId: ACCOUNT_ID }),
    },
  ];
  const policyIds: string[] = [];
  for (let i = 0; i < 8; i++) {
    const policyId = randomUUID();
    policyIds.push(policyId);
    events.push({
      streamId: `policy-${policyId}`,
      event: stamp('PolicyCreated', {
        policyId,
        policyName: `bench-policy-${i}`,
        versionId: 'v1',
        policyDocument: customDocument(i),
      }),
    });
  }
  const attach = (principalType: string, principalId: string, policyIndex: number) =>
    stamp('PolicyAttached', {
      principalType,
      principalId,
      policyType: 'Custom',
      policyName: `bench-policy-${policyIndex}`,
      policyId: policyIds[policyIndex],
    });
  for (let g = 0; g < 3; g++) {
    const groupId = randomUUID();
    events.push({
      streamId: `group-${groupId}`,
      event: stamp('GroupCreated', { groupId, groupName: `bench-group-${g}` }),
    });
    for (const p of [g * 2, g * 2 + 1])
      events.push({ streamId: `group-${groupId}`, event: attach('Group', groupId, p) });
    events.push({
      streamId: `user-${userId}`,
      event: stamp('UserAddedToGroup', { userId, userName: USER, groupId, groupName: `bench-group-${g}` }),
    });
  }
  for (const p of [6, 7]) events.push({ streamId: `user-${userId}`, event: attach('User', userId, p) });
  for (const name of ['AliyunARMSReadOnlyAccess', 'AliyunRAMReadOnlyAccess']) {
    if (!SYSTEM_POLICIES.some((s) => s.policyName === name)) throw new Error(`no system policy ${name}`);
    events.push({
      streamId: `user-${userId}`,
      event: stamp('PolicyAttached', {
        principalType: 'User',
        principalId: userId,
        policyType: 'System',
        policyName: name,
      }),
    });
  }
  return events;
}

/** A fixed mix of checks: allows, explicit denies and implicit denies, with and without context. */
export function requestMix(): object[] {
  const principalArn = `acs:ram::${ACCOUNT_ID}:user/${USER}`;
  const mix: object[] = [];
  for (let i = 0; i < 64; i++) {
    const n = i % 8;
    mix.push(
      { principalArn, action: `arms:GetTrace`, resource: `acs:arms:cn-hangzhou:${ACCOUNT_ID}:app/a${i}` },
      {
        principalArn,
        action: `arms:Delete${n}App`,
        resource: `acs:arms:cn-hangzhou:${ACCOUNT_ID}:prod-${i}`,
      },
      {
        principalArn,
        action: `ram:ListUsers`,
        resource: '*',
        context: { 'acs:MFAPresent': i % 2 ? 'true' : 'false' },
      },
      { principalArn, action: `arms:UpdateAlert`, resource: '*', context: { 'acs:SourceIp': `10.0.${i}.1` } },
      { principalArn, action: `ecs:StartInstance`, resource: '*' },
    );
  }
  return mix;
}
