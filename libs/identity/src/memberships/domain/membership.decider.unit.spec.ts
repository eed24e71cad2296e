import { deciderSpec } from '#common/testing';
import type { UserEvent } from '../../users/domain/user.events.js';
import { decideMembership, type GroupRef, type MembershipCommand } from './membership.decider.js';
import type { MembershipEvent } from './membership.events.js';
import { evolveMembership, initialMembershipState, type UserMembershipState } from './membership.state.js';

const spec = deciderSpec<MembershipCommand, MembershipEvent | UserEvent, UserMembershipState>({
  decide: decideMembership,
  evolve: evolveMembership,
  initialState: initialMembershipState,
});

const userCreated: UserEvent = {
  type: 'UserCreated',
  schemaVersion: 1,
  data: {
    userId: 'u-1',
    userName: 'alice',
    kind: 'human',
    accountId: '1234567890123456',
    createDate: '2026-03-01T10:00:00.000Z',
    displayName: 'alice',
  },
};
const userDeleted: UserEvent = {
  type: 'UserDeleted',
  schemaVersion: 1,
  data: { userId: 'u-1', userName: 'alice' },
};
const group = (n: number): GroupRef => ({ groupId: `g-${n}`, groupName: `group-${n}` });
const membership = (n: number) => ({ userId: 'u-1', userName: 'alice', ...group(n) });
const added = (n: number): MembershipEvent => ({
  type: 'UserAddedToGroup',
  schemaVersion: 1,
  data: membership(n),
});
const removed = (n: number): MembershipEvent => ({
  type: 'UserRemovedFromGroup',
  schemaVersion: 1,
  data: membership(n),
});
const join = (n: number): MembershipCommand => ({ type: 'AddUserToGroup', group: group(n) });
const leave = (n: number): MembershipCommand => ({ type: 'RemoveUserFromGroup', group: group(n) });
const inGroups = (count: number) => Array.from({ length: count }, (_, i) => added(i + 1));

describe('membership decider', () => {
  it('adds a user to a group', () => {
    spec
      .given([userCreated])
      .when(join(1))
      .then([added(1)]);
  });

  it('changes nothing when the user is already a member', () => {
    spec
      .given([userCreated, added(1)])
      .when(join(1))
      .thenNothingHappens();
  });

  it('lets a user join a tenth group but not an eleventh', () => {
    spec
      .given([userCreated, ...inGroups(9)])
      .when(join(10))
      .then([added(10)]);
    spec
      .given([userCreated, ...inGroups(10)])
      .when(join(11))
      .thenThrows('LimitExceeded.Group');
  });

  it('frees a place when the user leaves a group', () => {
    spec
      .given([userCreated, ...inGroups(10), removed(3)])
      .when(join(11))
      .then([added(11)]);
  });

  it('a user at the limit may still re-join a group it is in (nothing happens)', () => {
    spec
      .given([userCreated, ...inGroups(10)])
      .when(join(10))
      .thenNothingHappens();
  });

  it('removes a member, and refuses to remove a non-member', () => {
    spec
      .given([userCreated, added(1)])
      .when(leave(1))
      .then([removed(1)]);
    spec.given([userCreated]).when(leave(1)).thenThrows('EntityNotExist.User.Group');
    spec
      .given([userCreated, added(1), removed(1)])
      .when(leave(1))
      .thenThrows('EntityNotExist.User.Group');
  });

  it('refuses a user that does not exist or was deleted', () => {
    spec.given([]).when(join(1)).thenThrows('EntityNotExist.User');
    spec.given([userCreated, userDeleted]).when(join(1)).thenThrows('EntityNotExist.User');
    spec.given([userCreated, userDeleted]).when(leave(1)).thenThrows('EntityNotExist.User');
  });

  it("ignores other areas' events on the user stream", () => {
    const keyCreated = { type: 'AccessKeyCreated', schemaVersion: 1, data: {} } as unknown as UserEvent;
    spec
      .given([userCreated, keyCreated, ...inGroups(2)])
      .when(join(3))
      .then([added(3)]);
  });
});

describe('membership granted by access requests', () => {
  const grant = (id: string, expiresAt: string) => ({ accessRequestId: id, expiresAt });
  const joinFor = (id: string, expiresAt: string): MembershipCommand => ({
    type: 'AddUserToGroup',
    group: group(1),
    grant: grant(id, expiresAt),
  });
  const addedFor = (id: string, expiresAt: string): MembershipEvent => ({
    type: 'UserAddedToGroup',
    schemaVersion: 1,
    data: { ...membership(1), ...grant(id, expiresAt) },
  });
  const endFor = (id: string, now: string): MembershipCommand => ({
    type: 'EndGroupGrant',
    group: group(1),
    accessRequestId: id,
    now: new Date(now),
  });
  const removedFor = (id: string): MembershipEvent => ({
    type: 'UserRemovedFromGroup',
    schemaVersion: 1,
    data: { ...membership(1), accessRequestId: id },
  });
  const T1 = '2026-03-01T11:00:00.000Z';
  const T2 = '2026-03-01T12:00:00.000Z';

  it('joins for a request, and a later-ending request takes the membership over', () => {
    spec
      .given([userCreated])
      .when(joinFor('r1', T1))
      .then([addedFor('r1', T1)]);
    spec
      .given([userCreated, addedFor('r1', T2)])
      .when(joinFor('r2', T1))
      .thenNothingHappens();
    spec
      .given([userCreated, addedFor('r1', T1)])
      .when(joinFor('r2', T2))
      .then([addedFor('r2', T2)]);
  });

  it('a standing member gains nothing from a request; a standing join makes a granted one standing', () => {
    spec
      .given([userCreated, added(1)])
      .when(joinFor('r1', T1))
      .thenNothingHappens();
    spec
      .given([userCreated, addedFor('r1', T1)])
      .when(join(1))
      .then([added(1)]);
  });

  it('ends only with the request that holds it, once due', () => {
    spec
      .given([userCreated, addedFor('r1', T1)])
      .when(endFor('r1', T1))
      .then([removedFor('r1')]);
    spec
      .given([userCreated, addedFor('r1', T1)])
      .when(endFor('r1', '2026-03-01T10:59:59.000Z'))
      .thenNothingHappens();
    spec
      .given([userCreated, addedFor('r1', T1), addedFor('r2', T2)])
      .when(endFor('r1', T1))
      .thenNothingHappens();
    spec
      .given([userCreated, addedFor('r1', T1), added(1)])
      .when(endFor('r1', T1))
      .thenNothingHappens();
    spec
      .given([userCreated, addedFor('r1', T1), removed(1)])
      .when(endFor('r1', T1))
      .thenNothingHappens();
  });
});
