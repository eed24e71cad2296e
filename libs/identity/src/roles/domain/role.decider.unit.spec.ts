import { MalformedPolicyDocument } from '#policy';
import { deciderSpec } from '#common/testing';
import { decideRole, type RoleCommand } from './role.decider.js';
import type { RoleCreated, RoleEvent } from './role.events.js';
import { evolveRole, initialRoleState, type RoleState } from './role.state.js';

const spec = deciderSpec<RoleCommand, RoleEvent, RoleState>({
  decide: decideRole,
  evolve: (state, event) => evolveRole(state, event),
  initialState: initialRoleState,
});

const ACCOUNT = '1111111111111111';
const trustText = JSON.stringify({
  Version: '1',
  Statement: [
    { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${ACCOUNT}:root`] } },
  ],
});
const now = new Date('2026-05-01T00:00:00.000Z');
const create: RoleCommand = {
  type: 'CreateRole',
  roleId: 'r-1',
  accountId: ACCOUNT,
  roleName: 'ops-admin',
  assumeRolePolicyDocument: trustText,
  now,
};

describe('role decider', () => {
  it('creates a role with the default session duration and its trust analysis', () => {
    const [created] = decideRole(create, initialRoleState) as [RoleCreated];
    expect(created.data).toMatchObject({
      roleName: 'ops-admin',
      maxSessionDuration: 3600,
      trustPolicyVersion: 1,
    });
    expect(created.data.trustAnalysis).toMatchObject({
      riskLevel: 'low',
      addedPrincipals: [{ type: 'RAM', principal: `acs:ram::${ACCOUNT}:root` }],
    });
  });

  it.each([3599, 43201, 3600.5])('refuses maxSessionDuration %p', (maxSessionDuration) => {
    spec
      .given([])
      .when({ ...create, maxSessionDuration })
      .thenThrows('InvalidParameter.MaxSessionDuration');
  });

  it('refuses a bad role name and a malformed trust policy', () => {
    spec
      .given([])
      .when({ ...create, roleName: 'ops_admin' })
      .thenThrows('InvalidParameter.RoleName');
    expect(() =>
      decideRole({ ...create, assumeRolePolicyDocument: '{"Version":"1"' }, initialRoleState),
    ).toThrow(MalformedPolicyDocument);
  });

  it('updates only what changes and never the trust policy', () => {
    const created = decideRole(create, initialRoleState);
    spec
      .given(created)
      .when({ type: 'UpdateRole', changes: { maxSessionDuration: 7200, description: undefined } })
      .then([
        {
          type: 'RoleUpdated',
          schemaVersion: 1,
          data: { roleId: 'r-1', roleName: 'ops-admin', changes: { maxSessionDuration: 7200 } },
        },
      ]);
    spec
      .given(created)
      .when({ type: 'UpdateRole', changes: { maxSessionDuration: 3600 } })
      .thenNothingHappens();
  });

  it('deletes once', () => {
    const created = decideRole(create, initialRoleState);
    const deleted: RoleEvent = {
      type: 'RoleDeleted',
      schemaVersion: 1,
      data: { roleId: 'r-1', roleName: 'ops-admin' },
    };
    spec.given(created).when({ type: 'DeleteRole' }).then([deleted]);
    spec
      .given([...created, deleted])
      .when({ type: 'DeleteRole' })
      .thenThrows('EntityNotExist.Role');
  });
});
