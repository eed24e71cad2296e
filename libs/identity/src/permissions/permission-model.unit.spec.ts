import { PermissionModel } from './permission-model.js';

const ev = (type: string, data: Record<string, unknown>) => ({ type, data });
const ACCOUNT = '1234567890123456';
const userArn = (name: string) => `acs:ram::${ACCOUNT}:user/${name}`;
const request = (name: string, action: string, resource = `acs:arms:*:${ACCOUNT}:*`) => ({
  principalArn: userArn(name),
  action,
  resource,
});

function model(...events: ReturnType<typeof ev>[]) {
  const m = new PermissionModel();
  for (const e of events) m.apply(e);
  return m;
}

const alice = ev('UserCreated', { userId: 'u1', userName: 'alice' });
const ops = ev('GroupCreated', { groupId: 'g1', groupName: 'ops' });
const join = ev('UserAddedToGroup', { userId: 'u1', groupId: 'g1', groupName: 'ops' });
const armsRead = (principalType: string, principalId: string) =>
  ev('PolicyAttached', {
    principalType,
    principalId,
    policyType: 'System',
    policyName: 'AliyunARMSReadOnlyAccess',
  });

describe('permission model', () => {
  it('denies by default and allows what a directly attached system policy allows', () => {
    expect(model(alice).userPolicies('alice')!.evaluate(request('alice', 'arms:ListTraces')).decision).toBe(
      'ImplicitDeny',
    );
    const m = model(alice, armsRead('User', 'u1'));
    const result = m.userPolicies('ALICE')!.evaluate(request('alice', 'arms:ListTraces'));
    expect(result.decision).toBe('Allow');
    expect(result.matched[0]).toMatchObject({ policyType: 'System', policyName: 'AliyunARMSReadOnlyAccess' });
  });

  it('inherits group policies while a member, and loses them on leaving', () => {
    const member = model(alice, ops, join, armsRead('Group', 'g1'));
    expect(member.userPolicies('alice')!.evaluate(request('alice', 'arms:GetTrace')).decision).toBe('Allow');
    member.apply(ev('UserRemovedFromGroup', { userId: 'u1', groupId: 'g1' }));
    expect(member.userPolicies('alice')!.evaluate(request('alice', 'arms:GetTrace')).decision).toBe(
      'ImplicitDeny',
    );
  });

  it('uses the default version of a custom policy and follows default changes', () => {
    const allow = JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: 'ram:ListUsers', Resource: '*' }],
    });
    const deny = JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Deny', Action: 'ram:ListUsers', Resource: '*' }],
    });
    const m = model(
      alice,
      ev('PolicyCreated', { policyId: 'p1', policyName: 'list', versionId: 'v1', policyDocument: allow }),
      ev('PolicyAttached', {
        principalType: 'User',
        principalId: 'u1',
        policyType: 'Custom',
        policyName: 'list',
        policyId: 'p1',
      }),
    );
    expect(m.userPolicies('alice')!.evaluate(request('alice', 'ram:ListUsers', '*')).decision).toBe('Allow');
    m.apply(
      ev('PolicyVersionCreated', {
        policyId: 'p1',
        versionId: 'v2',
        policyDocument: deny,
        setAsDefault: true,
      }),
    );
    expect(m.userPolicies('alice')!.evaluate(request('alice', 'ram:ListUsers', '*')).decision).toBe(
      'ExplicitDeny',
    );
    m.apply(ev('DefaultPolicyVersionSet', { policyId: 'p1', versionId: 'v1' }));
    expect(m.userPolicies('alice')!.evaluate(request('alice', 'ram:ListUsers', '*')).decision).toBe('Allow');
  });

  it('ends a grant on detach or expiry, and forgets a deleted user entirely', () => {
    const m = model(alice, armsRead('User', 'u1'));
    m.apply(
      ev('PolicyAttachmentExpired', {
        principalType: 'User',
        principalId: 'u1',
        policyType: 'System',
        policyName: 'AliyunARMSReadOnlyAccess',
      }),
    );
    expect(m.userPolicies('alice')!.evaluate(request('alice', 'arms:ListTraces')).decision).toBe(
      'ImplicitDeny',
    );
    m.apply(armsRead('User', 'u1'));
    m.apply(ev('UserDeleted', { userId: 'u1', userName: 'alice' }));
    expect(m.userPolicies('alice')).toBeUndefined();
    m.apply(ev('UserCreated', { userId: 'u2', userName: 'alice' }));
    expect(m.userPolicies('alice')!.evaluate(request('alice', 'arms:ListTraces')).decision).toBe(
      'ImplicitDeny',
    );
  });

  it('counts a policy held directly and through a group once', () => {
    const m = model(alice, ops, join, armsRead('Group', 'g1'), armsRead('User', 'u1'));
    expect(m.userPolicies('alice')!.evaluate(request('alice', 'arms:ListTraces')).matched).toHaveLength(1);
  });

  it('stops counting a time-bound grant at its expiry, before any expiry event', () => {
    const m = model(alice, {
      type: 'PolicyAttached',
      data: {
        principalType: 'User',
        principalId: 'u1',
        policyType: 'System',
        policyName: 'AliyunARMSReadOnlyAccess',
        expiresAt: '2026-06-01T00:00:00.000Z',
      },
    });
    const before = new Date('2026-05-31T23:59:59.000Z');
    const after = new Date('2026-06-01T00:00:00.000Z');
    expect(m.userPolicies('alice', before)!.evaluate(request('alice', 'arms:ListTraces')).decision).toBe(
      'Allow',
    );
    expect(m.userPolicies('alice', after)!.evaluate(request('alice', 'arms:ListTraces')).decision).toBe(
      'ImplicitDeny',
    );
  });
});
