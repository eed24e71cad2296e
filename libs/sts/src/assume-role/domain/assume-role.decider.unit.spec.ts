import { deciderSpec } from '#common/testing';
import { decideRole, evolveRole, initialRoleState, type RoleEvent, type RoleState } from '#identity';
import { MalformedPolicyDocument } from '#policy';
import { trustPolicy as trust } from '../../../../../test/support/policy-documents.js';
import type { RoleAssumed } from '../../sessions/role-assumed.events.js';
import { type AssumeRoleCommand, decideAssumeRole } from './assume-role.decider.js';

const ACCOUNT = '1111111111111111';
const ALICE = `acs:ram::${ACCOUNT}:user/alice`;
const now = new Date('2026-05-01T00:00:00.000Z');

const roleCreated = (assumeRolePolicyDocument: string, maxSessionDuration = 7200): RoleEvent[] =>
  decideRole(
    {
      type: 'CreateRole',
      roleId: 'r-1',
      accountId: ACCOUNT,
      roleName: 'Ops',
      assumeRolePolicyDocument,
      maxSessionDuration,
      now,
    },
    initialRoleState,
  );

// The session's own stream holds only RoleAssumed; the role's events give the state it is decided on.
const spec = deciderSpec<AssumeRoleCommand, RoleEvent | RoleAssumed, RoleState>({
  decide: decideAssumeRole,
  evolve: (state, event) => (event.type === 'RoleAssumed' ? state : evolveRole(state, event)),
  initialState: initialRoleState,
});

const assume: AssumeRoleCommand = {
  sessionId: 's-1',
  accessKeyId: 'STS.AAAA',
  accountId: ACCOUNT,
  caller: { kind: 'user', arn: ALICE, principalId: 'u-1', mfaPresent: false },
  roleName: 'ops',
  roleSessionName: 'alice@deploy',
  now,
};
const session = {
  kind: 'assumed-role' as const,
  arn: `acs:ram::${ACCOUNT}:assumed-role/Base/job-1`,
  principalId: 'r-0',
  mfaPresent: false,
};

describe('AssumeRole decider', () => {
  it('records who assumed which role, for how long and from where, with the default hour', () => {
    const [assumed] = decideAssumeRole({ ...assume, sourceIp: '10.0.0.1' }, roleState(trust([ALICE])));
    expect(assumed).toEqual<RoleAssumed>({
      type: 'RoleAssumed',
      schemaVersion: 1,
      data: {
        sessionId: 's-1',
        roleId: 'r-1',
        roleName: 'Ops',
        roleSessionName: 'alice@deploy',
        assumedRoleArn: `acs:ram::${ACCOUNT}:assumed-role/Ops/alice@deploy`,
        assumedRoleId: 'r-1:alice@deploy',
        accessKeyId: 'STS.AAAA',
        callerArn: ALICE,
        callerKind: 'user',
        callerPrincipalId: 'u-1',
        durationSeconds: 3600,
        issuedAt: '2026-05-01T00:00:00.000Z',
        expiration: '2026-05-01T01:00:00.000Z',
        sourceIp: '10.0.0.1',
        chained: false,
      },
    });
  });

  it.each([899, 7201, 1000.5])(
    'refuses durationSeconds %p outside 900..maxSessionDuration',
    (durationSeconds) => {
      spec
        .given(roleCreated(trust([ALICE])))
        .when({ ...assume, durationSeconds })
        .thenThrows('InvalidParameter.DurationSeconds');
    },
  );

  it('accepts both ends of the range', () => {
    for (const durationSeconds of [900, 7200]) {
      const [assumed] = decideAssumeRole({ ...assume, durationSeconds }, roleState(trust([ALICE])));
      expect(assumed.data.durationSeconds).toBe(durationSeconds);
    }
  });

  it('limits a chained session (a role session assuming a role) to 3600 s', () => {
    const trusted = roleCreated(trust([`acs:ram::${ACCOUNT}:role/Base`]), 43200);
    spec
      .given(trusted)
      .when({ ...assume, caller: session, durationSeconds: 3601 })
      .thenThrows('InvalidParameter.DurationSeconds');
    const [assumed] = decideAssumeRole({ ...assume, caller: session, durationSeconds: 3600 }, fold(trusted));
    expect(assumed.data).toMatchObject({ chained: true, callerKind: 'assumed-role', durationSeconds: 3600 });
  });

  it.each(['a', 'x'.repeat(33), 'has space', 'slash/no', 'ünï'])('refuses roleSessionName %p', (name) => {
    spec
      .given(roleCreated(trust([ALICE])))
      .when({ ...assume, roleSessionName: name })
      .thenThrows('InvalidParameter.RoleSessionName');
  });

  it('refuses the root, an absent or deleted role, and an untrusted caller', () => {
    spec
      .given(roleCreated(trust([ALICE])))
      .when({ ...assume, caller: { kind: 'root', arn: `acs:ram::${ACCOUNT}:root` } })
      .thenThrows('NoPermission');
    spec.given([]).when(assume).thenThrows('EntityNotExist.Role');
    const deleted = [
      ...roleCreated(trust([ALICE])),
      ...decideRole({ type: 'DeleteRole' }, roleState(trust([ALICE]))),
    ];
    spec.given(deleted).when(assume).thenThrows('EntityNotExist.Role');
    spec
      .given(roleCreated(trust([`acs:ram::${ACCOUNT}:user/bob`])))
      .when(assume)
      .thenThrows('NoPermission');
  });

  it('evaluates sts:ExternalId and matches a session as its role', () => {
    const withExternalId = roleCreated(trust([ALICE], { StringEquals: { 'sts:ExternalId': 'x-123' } }));
    spec.given(withExternalId).when(assume).thenThrows('NoPermission');
    spec
      .given(withExternalId)
      .when({ ...assume, externalId: 'wrong' })
      .thenThrows('NoPermission');
    expect(decideAssumeRole({ ...assume, externalId: 'x-123' }, fold(withExternalId))).toHaveLength(1);
    spec
      .given(roleCreated(trust([`acs:ram::${ACCOUNT}:role/Other`])))
      .when({ ...assume, caller: session })
      .thenThrows('NoPermission');
  });

  it('keeps a valid session policy and refuses a malformed one', () => {
    const policy = JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: 'ram:Get*', Resource: '*' }],
    });
    const [assumed] = decideAssumeRole({ ...assume, policy }, roleState(trust([ALICE])));
    expect(assumed.data.sessionPolicy).toBe(policy);
    expect(() =>
      decideAssumeRole({ ...assume, policy: '{"Version":"1"' }, roleState(trust([ALICE]))),
    ).toThrow(MalformedPolicyDocument);
  });
});

const fold = (events: RoleEvent[]) => events.reduce(evolveRole, initialRoleState);
const roleState = (trustText: string) => fold(roleCreated(trustText));
