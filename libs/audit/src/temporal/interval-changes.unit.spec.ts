import { TEMPORAL_EVENT_TYPES, causeOf, intervalChanges } from './interval-changes.js';

const event = (type: string, data: object) => ({
  eventId: 'e-1',
  type,
  position: 7,
  occurredAt: new Date('2026-03-01T10:00:00Z'),
  metadata: { actorArn: 'acs:ram::1:user/admin' },
  data,
});

describe('interval changes of one event', () => {
  it('a grant supersedes the interval still open for its key, and carries its expiry', () => {
    const changes = intervalChanges(
      event('PolicyAttached', {
        principalType: 'User',
        principalId: 'u1',
        principalName: 'alice',
        policyType: 'Custom',
        policyName: 'reader',
        policyId: 'p1',
        attachmentId: 'a1',
        expiresAt: '2026-03-02T00:00:00Z',
        accessRequestId: 'r1',
      }),
    );
    expect(changes).toEqual([
      { op: 'close', key: { kind: 'attachment', subjectId: 'u1', objectKey: 'Custom:p1' } },
      {
        op: 'open',
        interval: expect.objectContaining({
          kind: 'attachment',
          subjectId: 'u1',
          objectKey: 'Custom:p1',
          expiresAt: '2026-03-02T00:00:00Z',
        }),
      },
    ]);
  });

  it('a trust change ends the previous trust policy and names its change and approvers as cause', () => {
    const changed = event('TrustPolicyChanged', {
      roleId: 'r1',
      roleName: 'ops',
      assumeRolePolicyDocument: '{}',
      trustPolicyVersion: 2,
      previousTrustPolicyVersion: 1,
      changeId: 'c1',
      proposerArn: 'acs:ram::1:user/bob',
      approvers: ['acs:ram::1:user/carol', 'acs:ram::1:user/dan'],
    });
    expect(intervalChanges(changed).map((c) => c.op)).toEqual(['close', 'open']);
    expect(causeOf(changed)).toEqual({
      eventId: 'e-1',
      type: 'TrustPolicyChanged',
      position: 7,
      occurredAt: '2026-03-01T10:00:00.000Z',
      actor: 'acs:ram::1:user/admin',
      changeId: 'c1',
      proposerArn: 'acs:ram::1:user/bob',
      approvers: ['acs:ram::1:user/carol', 'acs:ram::1:user/dan'],
    });
  });

  it('role eligibility from a request opens and ends per user; request approvals are recorded', () => {
    const granted = { roleId: 'r1', roleName: 'ops', userId: 'u1', userName: 'alice', accessRequestId: 'q1' };
    expect(intervalChanges(event('RoleEligibilityGranted', { ...granted, expiresAt: 'x' }))).toEqual([
      {
        op: 'open',
        interval: expect.objectContaining({
          kind: 'eligibility',
          subjectId: 'r1',
          objectKey: 'u1',
          expiresAt: 'x',
        }),
      },
    ]);
    expect(intervalChanges(event('RoleEligibilityEnded', granted))).toEqual([
      { op: 'close', key: { kind: 'eligibility', subjectId: 'r1', objectKey: 'u1' } },
    ]);
    const approved = {
      requestId: 'q1',
      grantedAt: 'g',
      expiresAt: 'x',
      approvers: ['acs:ram::1:user/carol'],
    };
    expect(intervalChanges(event('AccessRequestApproved', approved))).toEqual([
      { op: 'approval', accessRequestId: 'q1', approvers: ['acs:ram::1:user/carol'], approvedAt: 'g' },
    ]);
  });

  it('a deletion closes everything open on the subject; a new default version replaces the old one', () => {
    expect(intervalChanges(event('PolicyDeleted', { policyId: 'p1', policyName: 'reader' }))).toEqual([
      { op: 'close-subject', subjectId: 'p1' },
    ]);
    const version = { policyId: 'p1', policyName: 'reader', versionId: 'v2', policyDocument: '{}' };
    expect(intervalChanges(event('PolicyVersionCreated', { ...version, setAsDefault: false }))).toHaveLength(
      1,
    );
    expect(
      intervalChanges(event('PolicyVersionCreated', { ...version, setAsDefault: true })).map((c) => c.op),
    ).toEqual(['open', 'close', 'open']);
  });

  it('ignores events that change no access', () => {
    expect(intervalChanges(event('UserUpdated', { userId: 'u1', changes: {} }))).toEqual([]);
  });
});

describe('the temporal projection handles', () => {
  it.each([...TEMPORAL_EVENT_TYPES])('%s, which changes an interval', (type) => {
    expect(intervalChanges({ type, data: { expiresAt: '2026-12-01T00:00:00Z' } }).length).toBeGreaterThan(0);
  });

  it.each(['RoleAssumed', 'RoleSessionsRevoked'])('not %s, which changes none', (type) => {
    expect(TEMPORAL_EVENT_TYPES.has(type)).toBe(false);
    expect(intervalChanges({ type, data: {} })).toEqual([]);
  });
});
