import { deciderSpec } from '#common/testing';
import {
  decideRole,
  evolveRole,
  initialRoleState,
  type RoleCommand,
  type RoleEvent,
  type RoleState,
} from '#identity';

const spec = deciderSpec<RoleCommand, RoleEvent, RoleState>({
  decide: decideRole,
  evolve: (state, event) => evolveRole(state, event),
  initialState: initialRoleState,
});

const created: RoleEvent = {
  type: 'RoleCreated',
  schemaVersion: 1,
  data: {
    roleId: 'r-1',
    roleName: 'ops',
    accountId: '1111111111111111',
    assumeRolePolicyDocument: '{"Version":"1","Statement":[]}',
    trustPolicyVersion: 1,
    trustAnalysis: { riskLevel: 'low', addedPrincipals: [], removedPrincipals: [], findings: [] },
    createDate: '2026-05-01T00:00:00.000Z',
    maxSessionDuration: 3600,
  },
};
const now = new Date('2026-05-02T10:00:00.000Z');
const revoked: RoleEvent = {
  type: 'RoleSessionsRevoked',
  schemaVersion: 1,
  data: { roleId: 'r-1', roleName: 'ops', revokedBefore: '2026-05-02T10:00:00.000Z' },
};

describe('revoking role sessions (role decider)', () => {
  it('records the instant before which every session of the role stops working', () => {
    spec.given([created]).when({ type: 'RevokeRoleSessions', revokedBefore: now }).then([revoked]);
  });

  it('may be repeated, and leaves the role as it was', () => {
    spec.given([created, revoked]).when({ type: 'RevokeRoleSessions', revokedBefore: now }).then([revoked]);
    expect(evolveRole(evolveRole(initialRoleState, created), revoked)).toEqual(
      evolveRole(initialRoleState, created),
    );
  });

  it('refuses a role that does not exist or was deleted', () => {
    spec.given([]).when({ type: 'RevokeRoleSessions', revokedBefore: now }).thenThrows('EntityNotExist.Role');
    const deleted: RoleEvent = {
      type: 'RoleDeleted',
      schemaVersion: 1,
      data: { roleId: 'r-1', roleName: 'ops' },
    };
    spec
      .given([created, deleted])
      .when({ type: 'RevokeRoleSessions', revokedBefore: now })
      .thenThrows('EntityNotExist.Role');
  });
});
