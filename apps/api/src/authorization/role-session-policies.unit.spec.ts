import { CompiledPolicySet, findSystemPolicy, parseRamPrincipalArn } from '#policy';
import { RoleSessionPolicies } from './role-session-policies.js';

const ARN = parseRamPrincipalArn('acs:ram::1111111111111111:assumed-role/Ops/deploy')!;
// Relative to the real clock: sessions expired by it are pruned when the next one is recorded.
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

describe('role session policies (for /v1/authorize on an assumed-role ARN)', () => {
  it('takes the most recent live session of the ARN, for the role that has the name now', () => {
    const sessions = new RoleSessionPolicies();
    sessions.apply(assumed('r-1', -30, 30, policy('ram:GetUser')));
    sessions.apply(assumed('r-1', -10, 30, policy('ram:ListUsers')));
    sessions.apply(assumed('r-1', -5, -1, policy('ram:Expired'))); // newer, but expired
    sessions.apply(assumed('r-0', -1, 30, policy('ram:OldRole'))); // a deleted role of the same name
    expect(sessions.latestPolicy(ARN, 'r-1', now)).toBe(policy('ram:ListUsers'));
    expect(sessions.latestPolicy(ARN, undefined, now)).toBeUndefined();
    expect(sessions.latestPolicy({ ...ARN, session: 'other' }, 'r-1', now)).toBeUndefined();
  });

  it('forgets sessions issued up to a revocation; a later session without a policy means none', () => {
    const sessions = new RoleSessionPolicies();
    sessions.apply(assumed('r-1', -10, 30, policy('ram:GetUser')));
    sessions.apply({ type: 'RoleSessionsRevoked', data: { roleId: 'r-1', revokedBefore: at(-10) } });
    expect(sessions.latestPolicy(ARN, 'r-1', now)).toBeUndefined();
    sessions.apply(assumed('r-1', -5, 30));
    expect(sessions.latestPolicy(ARN, 'r-1', now)).toBeUndefined();
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
