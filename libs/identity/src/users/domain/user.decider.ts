import { DomainError, entityNotExist } from '#common';
import type { UserEvent, UserKind, UserProfile } from './user.events.js';
import type { ExistingUser, UserState } from './user.state.js';
import { assertComments, assertDisplayName, assertEmail, assertUserName } from './user.rules.js';

export type UserCommand =
  | ({
      type: 'CreateUser';
      userId: string;
      accountId: string;
      userName: string;
      kind: UserKind;
      now: Date;
    } & Partial<UserProfile>)
  | { type: 'UpdateUser'; changes: Partial<UserProfile> }
  | { type: 'DeleteUser' };

const event = <E extends UserEvent>(type: E['type'], data: E['data']) =>
  ({ type, schemaVersion: 1, data }) as E;

export function decideUser(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'CreateUser':
      return createUser(command, state);
    case 'UpdateUser':
      return updateUser(command.changes, state);
    case 'DeleteUser': {
      const user = requireActive(state);
      return [event('UserDeleted', { userId: user.userId, userName: user.userName })];
    }
  }
}

function createUser(command: Extract<UserCommand, { type: 'CreateUser' }>, state: UserState): UserEvent[] {
  if (state.status !== 'absent')
    throw new DomainError('EntityAlreadyExists.User', 'The user id is taken', 409);
  assertUserName(command.userName);
  const displayName = command.displayName ?? command.userName;
  validateProfile({ displayName, email: command.email, comments: command.comments });
  return [
    event('UserCreated', {
      userId: command.userId,
      userName: command.userName,
      kind: command.kind,
      accountId: command.accountId,
      createDate: command.now.toISOString(),
      displayName,
      ...(command.email !== undefined && { email: command.email }),
      ...(command.comments !== undefined && { comments: command.comments }),
    }),
  ];
}

function updateUser(changes: Partial<UserProfile>, state: UserState): UserEvent[] {
  const user = requireActive(state);
  validateProfile(changes);
  const effective = Object.fromEntries(
    Object.entries(changes).filter(
      ([key, value]) => value !== undefined && user[key as keyof UserProfile] !== value,
    ),
  ) as Partial<UserProfile>;
  if (Object.keys(effective).length === 0) return [];
  return [event('UserUpdated', { userId: user.userId, userName: user.userName, changes: effective })];
}

function validateProfile(profile: Partial<UserProfile>): void {
  if (profile.displayName !== undefined) assertDisplayName(profile.displayName);
  if (profile.email !== undefined) assertEmail(profile.email);
  if (profile.comments !== undefined) assertComments(profile.comments);
}

function requireActive(state: UserState): ExistingUser {
  if (state.status !== 'active')
    throw entityNotExist('User', state.status === 'absent' ? '' : state.userName);
  return state;
}
