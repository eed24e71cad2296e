import { PermissionModel } from '#identity';
import { CompiledPolicySet, findSystemPolicy } from '#policy';
import { RoleSessionPolicies } from './role-session-policies.js';

const now = new Date();
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
const policy = (action: string) =>
  JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

const assumed = (roleId: string, issued: number, expires: number, sessionPolicy?: string) => ({
  type: 'RoleAssumed',
  data: {
    roleId,
    roleName: 'Ops',
    roleSessionName: 'deploy',
    issuedAt: at(issued),
    expiration: at(expires),
    ...(sessionPolicy !== undefined && { sessionPolicy }),
  },
});

/** The roles `Ops` of ids r-0 (deleted, then its name reused) and r-1, and the given session events. */
function modelWith(...events: { type: string; data: unknown }[]) {
  const model = new PermissionModel();
  const role = (roleId: string) => ({ type: 'RoleCreated', data: { roleId, roleName: 'Ops' } });
  model.apply(role('r-0'));
  model.apply({ type: 'RoleDeleted', data: { roleId: 'r-0', roleName: 'Ops' } });
  model.apply(role('r-1'));
  for (const event of events) model.apply(event);
  return model;
}

const latestPolicy = (model: PermissionModel, roleId: string, session = 'deploy') =>
  model.latestRoleSession(roleId, session, now)?.sessionPolicy;

describe('role session policies (for /v1/authorize on an assumed-role ARN)', () => {
  it('takes the most recent live session of the ARN, for the role that has the name now', () => {
    const model = modelWith(
      assumed('r-1', -30, 30, policy('ram:GetUser')),
      assumed('r-1', -10, 30, policy('ram:ListUsers')),
      assumed('r-1', -5, -1, policy('ram:Expired')), // newer, but expired
      assumed('r-0', -1, 30, policy('ram:OldRole')), // a deleted role of the same name
    );
    expect(model.roleIdByName('Ops')).toBe('r-1');
    expect(latestPolicy(model, 'r-1')).toBe(policy('ram:ListUsers'));
    expect(model.latestRoleSession('no-such-role', 'deploy', now)).toBeUndefined();
    expect(latestPolicy(model, 'r-1', 'other')).toBeUndefined();
  });

  it('forgets sessions issued up to a revocation; a later session without a policy means none', () => {
    const model = modelWith(assumed('r-1', -10, 30, policy('ram:GetUser')), {
      type: 'RoleSessionsRevoked',
      data: { roleId: 'r-1', revokedBefore: at(-10) },
    });
    expect(latestPolicy(model, 'r-1')).toBeUndefined();
    model.apply(assumed('r-1', -5, 30));
    expect(latestPolicy(model, 'r-1')).toBeUndefined();
    expect(model.latestRoleSession('r-1', 'deploy', now)).toBeDefined();
  });

  it('narrows a role set by the intersection, compiled once per role set and policy text', () => {
    const sessions = new RoleSessionPolicies();
    const readOnly = findSystemPolicy('AliyunRAMReadOnlyAccess')!;
    const role = CompiledPolicySet.fromPolicies([
      { policyType: 'System', policyName: readOnly.policyName, versionId: 'v1', document: readOnly.document },
    ]);
    const narrowed = sessions.narrow(role, policy('ram:GetUser'));
    expect(sessions.narrow(role, policy('ram:GetUser'))).toBe(narrowed);
    const decide = (action: string) =>
      narrowed.evaluate({ principalArn: 'x', action, resource: '*' }).decision;
    expect(decide('ram:GetUser')).toBe('Allow');
    expect(decide('ram:ListUsers')).toBe('ImplicitDeny');
    expect(
      sessions
        .narrow(role, policy('ram:*'))
        .evaluate({ principalArn: 'x', action: 'ram:CreateUser', resource: '*' }).decision,
    ).toBe('ImplicitDeny');
  });
});
