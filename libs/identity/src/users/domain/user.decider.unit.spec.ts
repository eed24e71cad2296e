import { deciderSpec } from '#common/testing';
import { decideUser, type UserCommand } from './user.decider.js';
import type { UserCreated, UserEvent } from './user.events.js';
import { evolveUser, initialUserState, type UserState } from './user.state.js';

const spec = deciderSpec<UserCommand, UserEvent, UserState>({
  decide: decideUser,
  evolve: evolveUser,
  initialState: initialUserState,
});

const now = new Date('2026-03-01T10:00:00.000Z');
const create: UserCommand = {
  type: 'CreateUser',
  userId: 'u-1',
  accountId: '1234567890123456',
  userName: 'alice',
  kind: 'human',
  now,
};
const created: UserCreated = {
  type: 'UserCreated',
  schemaVersion: 1,
  data: {
    userId: 'u-1',
    userName: 'alice',
    kind: 'human',
    accountId: '1234567890123456',
    createDate: now.toISOString(),
    displayName: 'alice',
  },
};

describe('user decider', () => {
  it('creates a user whose display name defaults to the user name', () => {
    spec.given([]).when(create).then([created]);
  });

  it('keeps the optional profile fields', () => {
    const withProfile = { ...create, displayName: 'Alice A.', email: 'alice@example.com', comments: 'ops' };
    spec
      .given([])
      .when(withProfile)
      .then([
        {
          ...created,
          data: { ...created.data, displayName: 'Alice A.', email: 'alice@example.com', comments: 'ops' },
        },
      ]);
  });

  it.each(['', 'a b', 'x'.repeat(65), 'ali/ce', 'аlice' /* Cyrillic a */])(
    'refuses the user name %p',
    (userName) => {
      spec
        .given([])
        .when({ ...create, userName })
        .thenThrows('InvalidParameter.UserName');
    },
  );

  it('refuses a bad email, an over-long display name and over-long comments', () => {
    spec
      .given([])
      .when({ ...create, email: 'not-an-email' })
      .thenThrows('InvalidParameter.Email');
    spec
      .given([])
      .when({ ...create, displayName: 'd'.repeat(129) })
      .thenThrows('InvalidParameter.DisplayName');
    spec
      .given([])
      .when({ ...create, comments: 'c'.repeat(129) })
      .thenThrows('InvalidParameter.Comments');
  });

  it('refuses to create the same user twice', () => {
    spec.given([created]).when(create).thenThrows('EntityAlreadyExists.User');
  });

  it('records only the profile fields that change', () => {
    spec
      .given([created])
      .when({ type: 'UpdateUser', changes: { displayName: 'alice', email: 'a@example.org' } })
      .then([
        {
          type: 'UserUpdated',
          schemaVersion: 1,
          data: { userId: 'u-1', userName: 'alice', changes: { email: 'a@example.org' } },
        },
      ]);
    spec
      .given([created])
      .when({ type: 'UpdateUser', changes: { displayName: 'alice' } })
      .thenNothingHappens();
  });

  it('deletes an existing user once', () => {
    const deleted: UserEvent = {
      type: 'UserDeleted',
      schemaVersion: 1,
      data: { userId: 'u-1', userName: 'alice' },
    };
    spec.given([created]).when({ type: 'DeleteUser' }).then([deleted]);
    spec.given([created, deleted]).when({ type: 'DeleteUser' }).thenThrows('EntityNotExist.User');
    spec
      .given([])
      .when({ type: 'UpdateUser', changes: { displayName: 'x' } })
      .thenThrows('EntityNotExist.User');
  });
});
