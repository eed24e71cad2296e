import { deciderSpec } from '#common/testing';
import { ACCOUNT, trustText } from '../../escalation/testing/account-builder.js';
import {
  decideRole,
  evolveRole,
  initialRoleState,
  type RoleCommand,
  type RoleEvent,
  type RoleState,
} from '#identity';

/** The role side of applying an approved change: TrustPolicyChanged, only on the proposal's base version. */
const spec = deciderSpec<RoleCommand, RoleEvent, RoleState>({
  decide: decideRole,
  evolve: (state, event) => evolveRole(state, event),
  initialState: initialRoleState,
});

const trust = (principal: string) => trustText([principal]);
const [created] = decideRole(
  {
    type: 'CreateRole',
    roleId: 'r-1',
    accountId: ACCOUNT,
    roleName: 'ops',
    assumeRolePolicyDocument: trust(`acs:ram::${ACCOUNT}:user/a`),
    now: new Date('2026-05-01T00:00:00.000Z'),
  },
  initialRoleState,
);
const change = (
  expectedTrustPolicyVersion: number,
  principal = `acs:ram::${ACCOUNT}:user/b`,
): RoleCommand => ({
  type: 'ChangeTrustPolicy',
  assumeRolePolicyDocument: trust(principal),
  expectedTrustPolicyVersion,
  changeId: 'c-1',
  proposerArn: `acs:ram::${ACCOUNT}:user/p`,
  approvers: [`acs:ram::${ACCOUNT}:user/r`],
});

describe('applying a trust-policy change to the role', () => {
  it('writes TrustPolicyChanged with the next version and the approvers', () => {
    spec
      .given([created!])
      .when(change(1))
      .then([
        {
          type: 'TrustPolicyChanged',
          schemaVersion: 1,
          data: {
            roleId: 'r-1',
            roleName: 'ops',
            assumeRolePolicyDocument: trust(`acs:ram::${ACCOUNT}:user/b`),
            trustPolicyVersion: 2,
            previousTrustPolicyVersion: 1,
            changeId: 'c-1',
            proposerArn: `acs:ram::${ACCOUNT}:user/p`,
            approvers: [`acs:ram::${ACCOUNT}:user/r`],
          },
        },
      ]);
  });

  it('refuses a change based on another version (StaleChangeRequest), and a deleted role', () => {
    const [applied] = decideRole(change(1), evolveRole(initialRoleState, created!));
    spec.given([created!, applied!]).when(change(1)).thenThrows('StaleChangeRequest');
    spec
      .given([created!, applied!])
      .when(change(2, `acs:ram::${ACCOUNT}:user/c`))
      .then([
        expect.objectContaining({ data: expect.objectContaining({ trustPolicyVersion: 3 }) }) as RoleEvent,
      ]);
    spec
      .given([created!, { type: 'RoleDeleted', schemaVersion: 1, data: { roleId: 'r-1', roleName: 'ops' } }])
      .when(change(1))
      .thenThrows('EntityNotExist.Role');
  });
});
