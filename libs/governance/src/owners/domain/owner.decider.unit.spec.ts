import { deciderSpec } from '#common/testing';
import type { DomainEvent } from '#event-store';
import { decideOwner, MAX_OWNERS, type OwnerCommand } from './owner.decider.js';
import type { OwnerEvent } from './owner.events.js';
import { evolveTargetOwners, initialTargetOwners, type TargetOwners } from './owner.state.js';

const spec = deciderSpec<OwnerCommand, OwnerEvent | DomainEvent, TargetOwners>({
  decide: decideOwner,
  evolve: evolveTargetOwners,
  initialState: initialTargetOwners,
});

const groupCreated: DomainEvent = {
  type: 'GroupCreated',
  schemaVersion: 1,
  data: { groupId: 'g-1', groupName: 'ops', accountId: '1', createDate: '2026-01-01T00:00:00.000Z' },
};
const groupDeleted: DomainEvent = {
  type: 'GroupDeleted',
  schemaVersion: 1,
  data: { groupId: 'g-1', groupName: 'ops' },
};
const user = (n: number) => ({ userId: `u-${n}`, userName: `user-${n}` });
const owner = (n: number) => ({
  targetType: 'Group' as const,
  targetId: 'g-1',
  targetName: 'ops',
  ...user(n),
});
const added = (n: number): OwnerEvent => ({ type: 'OwnerAdded', schemaVersion: 1, data: owner(n) });
const removed = (n: number): OwnerEvent => ({ type: 'OwnerRemoved', schemaVersion: 1, data: owner(n) });
const add = (n: number): OwnerCommand => ({ type: 'AddOwner', targetType: 'Group', user: user(n) });
const remove = (n: number): OwnerCommand => ({ type: 'RemoveOwner', targetType: 'Group', user: user(n) });

describe('owner decider', () => {
  it('adds an owner once; adding again changes nothing', () => {
    spec
      .given([groupCreated])
      .when(add(1))
      .then([added(1)]);
    spec
      .given([groupCreated, added(1)])
      .when(add(1))
      .thenNothingHappens();
  });

  it('removes only an owner', () => {
    spec
      .given([groupCreated, added(1)])
      .when(remove(1))
      .then([removed(1)]);
    spec.given([groupCreated]).when(remove(1)).thenThrows('EntityNotExist.Owner');
    spec
      .given([groupCreated, added(1), removed(1)])
      .when(remove(1))
      .thenThrows('EntityNotExist.Owner');
  });

  it(`holds a target to ${MAX_OWNERS} owners`, () => {
    const full = Array.from({ length: MAX_OWNERS }, (_, i) => added(i + 1));
    spec
      .given([groupCreated, ...full])
      .when(add(99))
      .thenThrows('LimitExceeded.Owner');
    spec
      .given([groupCreated, ...full, removed(3)])
      .when(add(99))
      .then([added(99)]);
  });

  it('refuses a target that does not exist or was deleted', () => {
    spec.given([]).when(add(1)).thenThrows('EntityNotExist.Group');
    spec.given([groupCreated, groupDeleted]).when(add(1)).thenThrows('EntityNotExist.Group');
  });

  it("ignores the target's other events", () => {
    const attached: DomainEvent = { type: 'PolicyAttached', schemaVersion: 1, data: {} };
    spec
      .given([groupCreated, attached, added(1)])
      .when(add(2))
      .then([added(2)]);
  });
});
