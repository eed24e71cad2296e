import { PermissionModel } from './permission-model.js';

const ACCOUNT = '1111111111111111';
const trust = (principal: string) =>
  JSON.stringify({
    Version: '1',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [principal] } }],
  });
const now = new Date('2026-05-01T12:00:00.000Z');
const session = (sessionId: string, issuedAt: Date) => ({
  type: 'RoleAssumed',
  data: {
    sessionId,
    roleId: 'r-1',
    roleName: 'ops',
    roleSessionName: sessionId,
    assumedRoleArn: `acs:ram::${ACCOUNT}:assumed-role/ops/${sessionId}`,
    callerArn: `acs:ram::${ACCOUNT}:user/a`,
    callerKind: 'user',
    callerPrincipalId: 'u-1',
    issuedAt: issuedAt.toISOString(),
    expiration: new Date(issuedAt.getTime() + 3600_000).toISOString(),
  },
});

/** The read accessors governance analyses use (trust changes, escalation paths). */
describe('permission model graph accessors', () => {
  it('keeps each role trust policy as last applied', () => {
    const model = new PermissionModel();
    model.apply({
      type: 'RoleCreated',
      data: { roleId: 'r-1', roleName: 'ops', assumeRolePolicyDocument: trust(`acs:ram::${ACCOUNT}:user/a`) },
    });
    expect(model.trustPolicy('r-1')!.statements[0]!.principal.ram).toEqual([`acs:ram::${ACCOUNT}:user/a`]);
    model.apply({
      type: 'TrustPolicyChanged',
      data: {
        roleId: 'r-1',
        assumeRolePolicyDocument: trust(`acs:ram::${ACCOUNT}:user/b`),
        trustPolicyVersion: 2,
      },
    });
    expect(model.trustPolicy('r-1')!.statements[0]!.principal.ram).toEqual([`acs:ram::${ACCOUNT}:user/b`]);
    expect(model.roleSummaries()).toEqual([{ kind: 'Role', id: 'r-1', name: 'ops', trustPolicyVersion: 2 }]);
    model.apply({ type: 'RoleDeleted', data: { roleId: 'r-1', roleName: 'ops' } });
    expect(model.trustPolicy('r-1')).toBeUndefined();
  });

  it('keeps sessions issued in the last 24 hours, unexpired and not revoked', () => {
    const model = new PermissionModel();
    model.apply({
      type: 'RoleCreated',
      data: { roleId: 'r-1', roleName: 'ops', assumeRolePolicyDocument: trust('*') },
    });
    model.apply(session('old', new Date(now.getTime() - 25 * 3600_000)));
    model.apply(session('expired', new Date(now.getTime() - 2 * 3600_000)));
    model.apply(session('live', new Date(now.getTime() - 10 * 60_000)));
    expect(model.recentRoleSessions('r-1', now).map((s) => s.sessionId)).toEqual(['live']);
    // Only what the analyses read is kept (a busy role keeps a day of sessions).
    expect(model.recentRoleSessions('r-1', now)[0]).toEqual({
      sessionId: 'live',
      roleSessionName: 'live',
      assumedRoleArn: `acs:ram::${ACCOUNT}:assumed-role/ops/live`,
      callerArn: `acs:ram::${ACCOUNT}:user/a`,
      issuedAt: new Date(now.getTime() - 10 * 60_000).toISOString(),
      expiration: new Date(now.getTime() + 50 * 60_000).toISOString(),
    });
    model.apply({
      type: 'RoleSessionsRevoked',
      data: { roleId: 'r-1', roleName: 'ops', revokedBefore: now.toISOString() },
    });
    expect(model.recentRoleSessions('r-1', now)).toEqual([]);
  });

  it('reads a user documents with its groups, and every version of a custom policy', () => {
    const model = new PermissionModel();
    model.apply({ type: 'UserCreated', data: { userId: 'u-1', userName: 'a' } });
    model.apply({ type: 'GroupCreated', data: { groupId: 'g-1', groupName: 'ops' } });
    model.apply({ type: 'UserAddedToGroup', data: { userId: 'u-1', groupId: 'g-1' } });
    const doc = (action: string) =>
      JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
    model.apply({
      type: 'PolicyCreated',
      data: { policyId: 'p-1', policyName: 'mine', versionId: 'v1', policyDocument: doc('arms:Get*') },
    });
    model.apply({
      type: 'PolicyVersionCreated',
      data: { policyId: 'p-1', versionId: 'v2', policyDocument: doc('*') },
    });
    model.apply({
      type: 'PolicyAttached',
      data: {
        principalType: 'Group',
        principalId: 'g-1',
        policyType: 'Custom',
        policyName: 'mine',
        policyId: 'p-1',
      },
    });
    model.apply({
      type: 'PolicyAttached',
      data: { principalType: 'User', principalId: 'u-1', policyType: 'System', policyName: 'ReadOnlyAccess' },
    });
    expect(model.documents('User', 'u-1', now)).toHaveLength(2);
    expect(model.attachments('User', 'u-1', now).map((a) => a.policyName)).toEqual(['ReadOnlyAccess']);
    expect(model.userSummaries()).toEqual([{ kind: 'User', id: 'u-1', name: 'a', groupIds: ['g-1'] }]);
    expect(model.groupSummaries()).toEqual([{ id: 'g-1', name: 'ops' }]);
    expect(model.customPolicyVersions('p-1').map((v) => [v.versionId, v.isDefault])).toEqual([
      ['v1', true],
      ['v2', false],
    ]);
  });
});
