import { deciderSpec } from '#common/testing';
import { decideGroup, type GroupCommand } from './group.decider.js';
import type { GroupCreated, GroupEvent } from './group.events.js';
import { evolveGroup, type GroupState, initialGroupState } from './group.state.js';

const spec = deciderSpec<GroupCommand, GroupEvent, GroupState>({
  decide: decideGroup,
  evolve: evolveGroup,
  initialState: initialGroupState,
});

const now = new Date('2026-03-01T10:00:00.000Z');
const create: GroupCommand = {
  type: 'CreateGroup',
  groupId: 'g-1',
  accountId: '1234567890123456',
  groupName: 'ops',
  now,
};
const created: GroupCreated = {
  type: 'GroupCreated',
  schemaVersion: 1,
  data: { groupId: 'g-1', groupName: 'ops', accountId: '1234567890123456', createDate: now.toISOString() },
};
const deleted: GroupEvent = {
  type: 'GroupDeleted',
  schemaVersion: 1,
  data: { groupId: 'g-1', groupName: 'ops' },
};

describe('group decider', () => {
  it('creates a group, with comments when given', () => {
    spec.given([]).when(create).then([created]);
    spec
      .given([])
      .when({ ...create, comments: 'on call' })
      .then([{ ...created, data: { ...created.data, comments: 'on call' } }]);
  });

  it.each(['', 'a b', 'g'.repeat(65), 'ops@corp', 'ops/x', 'оps' /* Cyrillic o */])(
    'refuses the group name %p',
    (groupName) => {
      spec
        .given([])
        .when({ ...create, groupName })
        .thenThrows('InvalidParameter.GroupName');
    },
  );

  it('accepts the longest name and every allowed character', () => {
    const groupName = `A-z_0.9${'x'.repeat(57)}`;
    spec
      .given([])
      .when({ ...create, groupName })
      .then([{ ...created, data: { ...created.data, groupName } }]);
  });

  it('refuses over-long comments', () => {
    spec
      .given([])
      .when({ ...create, comments: 'c'.repeat(129) })
      .thenThrows('InvalidParameter.Comments');
    spec
      .given([created])
      .when({ type: 'UpdateGroup', changes: { comments: 'c'.repeat(129) } })
      .thenThrows('InvalidParameter.Comments');
  });

  it('refuses to create the same group twice', () => {
    spec.given([created]).when(create).thenThrows('EntityAlreadyExists.Group');
  });

  it('records a comments change, and nothing when they stay the same', () => {
    spec
      .given([created])
      .when({ type: 'UpdateGroup', changes: { comments: 'pager' } })
      .then([
        {
          type: 'GroupUpdated',
          schemaVersion: 1,
          data: { groupId: 'g-1', groupName: 'ops', changes: { comments: 'pager' } },
        },
      ]);
    spec
      .given([{ ...created, data: { ...created.data, comments: 'pager' } }])
      .when({ type: 'UpdateGroup', changes: { comments: 'pager' } })
      .thenNothingHappens();
    spec.given([created]).when({ type: 'UpdateGroup', changes: {} }).thenNothingHappens();
  });

  it('deletes an existing group once, and a deleted group cannot be updated', () => {
    spec.given([created]).when({ type: 'DeleteGroup' }).then([deleted]);
    spec.given([created, deleted]).when({ type: 'DeleteGroup' }).thenThrows('EntityNotExist.Group');
    spec
      .given([created, deleted])
      .when({ type: 'UpdateGroup', changes: { comments: 'x' } })
      .thenThrows('EntityNotExist.Group');
    spec.given([]).when({ type: 'DeleteGroup' }).thenThrows('EntityNotExist.Group');
  });

  it("ignores other areas' events on the group stream", () => {
    const attached = { type: 'PolicyAttached', schemaVersion: 1, data: {} } as unknown as GroupEvent;
    spec.given([created, attached]).when({ type: 'DeleteGroup' }).then([deleted]);
  });
});
