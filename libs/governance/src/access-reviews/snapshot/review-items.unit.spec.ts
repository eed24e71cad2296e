import type { StoredEvent } from '#event-store';
import { type AccessSnapshot, emptySnapshot, foldIntoSnapshot } from './access-snapshot.js';
import { type ItemContext, itemsDigest, reviewItems } from './review-items.js';

const ACCOUNT = '1234567890123456';
const user = (name: string) => `acs:ram::${ACCOUNT}:user/${name}`;
let position = 0;
const event = (type: string, data: object, actorArn = `acs:ram::${ACCOUNT}:root`): StoredEvent => ({
  type,
  schemaVersion: 1,
  data,
  eventId: `e-${++position}`,
  occurredAt: new Date('2026-01-01T00:00:00.000Z'),
  metadata: { actorArn, requestId: 'r', correlationId: 'r' },
  streamId: 's',
  streamVersion: position,
  position,
  transactionId: String(position),
});
const fold = (events: StoredEvent[]): AccessSnapshot => {
  const snapshot = emptySnapshot();
  for (const e of events) foldIntoSnapshot(snapshot, e);
  return snapshot;
};
const users = ['ann', 'bob', 'cid'].map((name) =>
  event('UserCreated', { userId: `u-${name}`, userName: name }),
);
const ops = event('GroupCreated', { groupId: 'g-ops', groupName: 'ops' });
const joins = (name: string, extra: object = {}) =>
  event('UserAddedToGroup', {
    userId: `u-${name}`,
    userName: name,
    groupId: 'g-ops',
    groupName: 'ops',
    ...extra,
  });
const owner = (name: string) =>
  event('OwnerAdded', {
    targetType: 'Group',
    targetId: 'g-ops',
    targetName: 'ops',
    userId: `u-${name}`,
    userName: name,
  });
const trust = (principals: string[]) =>
  JSON.stringify({
    Version: '1',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: principals } }],
  });
const ctx = (overrides: Partial<ItemContext> = {}): ItemContext => ({
  accountId: ACCOUNT,
  now: new Date('2026-03-01T00:00:00.000Z'),
  scope: { types: ['GroupMembership', 'RoleTrust', 'AccessKey'] },
  keyLastUsed: new Map(),
  ...overrides,
});

describe('review items from a snapshot', () => {
  it('owners review their group, never their own membership; an item only its subject owns is flagged', () => {
    const snapshot = fold([...users, ops, joins('ann'), joins('bob'), owner('ann'), owner('bob')]);
    const items = reviewItems(snapshot, ctx());
    const bySubject = Object.fromEntries(items.map((i) => [i.subject.name, i]));
    expect(bySubject.ann.reviewers.map((r) => r.userName)).toEqual(['bob']);
    expect(bySubject.bob.reviewers.map((r) => r.userName)).toEqual(['ann']);
    const alone = reviewItems(fold([...users, ops, joins('ann'), owner('ann')]), ctx());
    expect(alone[0]).toMatchObject({ reviewers: [], flag: 'NoEligibleReviewer' });
  });

  it('says how access was obtained: the access request and its approvers, or the granting actor', () => {
    const approved = event('AccessRequestApproved', { requestId: 'req-1', approvers: [user('cid')] });
    const snapshot = fold([
      ...users,
      ops,
      approved,
      joins('ann', { accessRequestId: 'req-1' }),
      joins('bob'),
    ]);
    const [ann, bob] = reviewItems(snapshot, ctx({ namedReviewers: [] }));
    expect(ann.evidence).toMatchObject({
      obtainedVia: 'AccessRequest',
      accessRequestId: 'req-1',
      approvers: [user('cid')],
    });
    expect(bob.evidence).toMatchObject({ obtainedVia: 'DirectGrant', grantedBy: `acs:ram::${ACCOUNT}:root` });
  });

  it('lists trust principals and eligibilities with their last session, and keys with age and last use', () => {
    const role = event('RoleCreated', {
      roleId: 'r-1',
      roleName: 'deploy',
      assumeRolePolicyDocument: trust([user('ann')]),
    });
    const eligible = event('RoleEligibilityGranted', {
      roleId: 'r-1',
      roleName: 'deploy',
      userId: 'u-bob',
      userName: 'bob',
      accessRequestId: 'req-2',
      expiresAt: '2026-04-01T00:00:00.000Z',
    });
    const assumed = event('RoleAssumed', {
      roleId: 'r-1',
      callerPrincipalId: 'u-ann',
      issuedAt: '2026-02-20T00:00:00.000Z',
    });
    const key = event('AccessKeyCreated', {
      userId: 'u-cid',
      userName: 'cid',
      accessKeyId: 'LTAI1',
      createDate: '2026-01-30T00:00:00.000Z',
    });
    const items = reviewItems(
      fold([...users, role, eligible, assumed, key]),
      ctx({ keyLastUsed: new Map([['LTAI1', '2026-02-27T00:00:00.000Z']]) }),
    );
    expect(items.map((i) => [i.type, i.subject.name, i.target.entry])).toEqual([
      ['AccessKey', 'cid', undefined],
      ['RoleTrust', 'bob', 'Eligibility'],
      ['RoleTrust', user('ann'), 'TrustPolicy'],
    ]);
    expect(items[0].evidence).toMatchObject({ ageDays: 30, lastUsedDate: '2026-02-27T00:00:00.000Z' });
    expect(items[2]).toMatchObject({
      subjectUserIds: ['u-ann'],
      evidence: { lastUsedDate: '2026-02-20T00:00:00.000Z' },
    });
    expect(items[1].evidence).toMatchObject({ obtainedVia: 'AccessRequest', accessRequestId: 'req-2' });
  });

  it('marks items against the last certified campaign: unchanged, changed (a new grant) or new', () => {
    const certified = [...users, ops, joins('ann'), joins('bob')];
    const previous = new Map(reviewItems(fold(certified), ctx()).map((i) => [i.itemKey, i.grantRef]));
    const left = event('UserRemovedFromGroup', { userId: 'u-bob', groupId: 'g-ops' });
    const now = fold([...certified, left, joins('bob'), joins('cid')]);
    const marks = reviewItems(now, ctx({ previous })).map((i) => [
      i.subject.name,
      i.evidence.changeSinceLastCertified,
    ]);
    expect(marks).toEqual([
      ['ann', 'Unchanged'],
      ['bob', 'Changed'],
      ['cid', 'New'],
    ]);
  });

  it('a digest over what was certified: the same log gives the same digest, another grant another one', () => {
    const log = [...users, ops, joins('ann')];
    const digest = itemsDigest(reviewItems(fold(log), ctx()));
    expect(itemsDigest(reviewItems(fold(log), ctx()))).toBe(digest);
    expect(itemsDigest(reviewItems(fold([...log, joins('bob')]), ctx()))).not.toBe(digest);
  });
});
