import { deciderSpec } from '#common/testing';
import { MalformedPolicyDocument } from '#policy';
import { decidePolicy, type PolicyCommand } from './policy.decider.js';
import type { PolicyCreated, PolicyEvent, PolicyVersionCreated } from './policy.events.js';
import { evolvePolicy, initialPolicyState, type PolicyState } from './policy.state.js';

const spec = deciderSpec<PolicyCommand, PolicyEvent, PolicyState>({
  decide: decidePolicy,
  evolve: evolvePolicy,
  initialState: initialPolicyState,
});

const now = new Date('2026-03-01T10:00:00.000Z');
const doc = (action: string) =>
  JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const create: PolicyCommand = {
  type: 'CreatePolicy',
  policyId: 'p-1',
  accountId: '1234567890123456',
  policyName: 'ops-read',
  policyDocument: doc('arms:Get*'),
  now,
};
const created: PolicyCreated = {
  type: 'PolicyCreated',
  schemaVersion: 1,
  data: {
    policyId: 'p-1',
    policyName: 'ops-read',
    accountId: '1234567890123456',
    versionId: 'v1',
    policyDocument: doc('arms:Get*'),
    createDate: now.toISOString(),
  },
};
const version = (n: number, setAsDefault = false): PolicyVersionCreated => ({
  type: 'PolicyVersionCreated',
  schemaVersion: 1,
  data: {
    policyId: 'p-1',
    policyName: 'ops-read',
    versionId: `v${n}`,
    policyDocument: doc(`arms:List${n}`),
    setAsDefault,
  },
});
const ids = { policyId: 'p-1', policyName: 'ops-read' };
const event = (type: PolicyEvent['type'], data: object) => ({ type, schemaVersion: 1, data }) as PolicyEvent;

describe('policy decider', () => {
  it('creates a custom policy whose first version v1 is the default', () => {
    spec.given([]).when(create).then([created]);
  });

  it.each(['', 'bad name', 'x'.repeat(129), 'ops_read', 'ops.read'])(
    'refuses the policy name %p',
    (policyName) => {
      spec
        .given([])
        .when({ ...create, policyName })
        .thenThrows('InvalidParameter.PolicyName');
    },
  );

  it('refuses the name of a system policy, in any case', () => {
    spec
      .given([])
      .when({ ...create, policyName: 'administratoraccess' })
      .thenThrows('EntityAlreadyExists.Policy');
  });

  it('refuses a malformed document with the path of the fault', () => {
    const malformed = JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Permit', Action: '*', Resource: '*' }],
    });
    expect(() => decidePolicy({ ...create, policyDocument: malformed }, initialPolicyState)).toThrow(
      expect.objectContaining({ code: 'MalformedPolicyDocument', path: '$.Statement[0].Effect' }),
    );
    expect(() =>
      decidePolicy(
        { ...create, policyDocument: '{"Version":"1","Version":"1","Statement":[]}' },
        initialPolicyState,
      ),
    ).toThrow(MalformedPolicyDocument);
  });

  it('numbers versions v2, v3, ... and never reuses a deleted number', () => {
    spec
      .given([created])
      .when({ type: 'CreatePolicyVersion', policyDocument: doc('arms:List2'), setAsDefault: false })
      .then([version(2)]);
    spec
      .given([created, version(2), event('PolicyVersionDeleted', { ...ids, versionId: 'v2' })])
      .when({ type: 'CreatePolicyVersion', policyDocument: doc('arms:List3'), setAsDefault: true })
      .then([version(3, true)]);
  });

  it('allows at most five versions', () => {
    const five = [created, version(2), version(3), version(4), version(5)];
    spec
      .given(five)
      .when({ type: 'CreatePolicyVersion', policyDocument: doc('arms:List6'), setAsDefault: false })
      .thenThrows('LimitExceeded.Policy.Version');
    spec
      .given([...five, event('PolicyVersionDeleted', { ...ids, versionId: 'v3' })])
      .when({ type: 'CreatePolicyVersion', policyDocument: doc('arms:List6'), setAsDefault: false })
      .then([version(6)]);
  });

  it('sets the default version once, and only to a version that exists', () => {
    spec
      .given([created, version(2)])
      .when({ type: 'SetDefaultPolicyVersion', versionId: 'v2' })
      .then([event('DefaultPolicyVersionSet', { ...ids, versionId: 'v2', previousVersionId: 'v1' })]);
    spec
      .given([created, version(2, true)])
      .when({ type: 'SetDefaultPolicyVersion', versionId: 'v2' })
      .thenNothingHappens();
    spec
      .given([created])
      .when({ type: 'SetDefaultPolicyVersion', versionId: 'v9' })
      .thenThrows('EntityNotExist.PolicyVersion');
  });

  it('never deletes the default version', () => {
    spec
      .given([created, version(2)])
      .when({ type: 'DeletePolicyVersion', versionId: 'v1' })
      .thenThrows('DeleteConflict.PolicyVersion.Default');
    spec
      .given([created, version(2, true)])
      .when({ type: 'DeletePolicyVersion', versionId: 'v1' })
      .then([event('PolicyVersionDeleted', { ...ids, versionId: 'v1' })]);
    spec
      .given([created])
      .when({ type: 'DeletePolicyVersion', versionId: 'v2' })
      .thenThrows('EntityNotExist.PolicyVersion');
  });

  it('deletes a policy only while nothing holds it', () => {
    spec
      .given([created])
      .when({ type: 'DeletePolicy', attachedTo: ['Group'] })
      .thenThrows('DeleteConflict.Policy.Group');
    spec
      .given([created])
      .when({ type: 'DeletePolicy', attachedTo: [] })
      .then([event('PolicyDeleted', ids)]);
    spec
      .given([created, event('PolicyDeleted', ids)])
      .when({ type: 'CreatePolicyVersion', policyDocument: doc('a:b'), setAsDefault: false })
      .thenThrows('EntityNotExist.Policy');
  });
});
