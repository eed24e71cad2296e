import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { UserKind } from '../domain/user.events.js';
import type { UserView } from '../user.view.js';

export interface CreateUserInput {
  userName: string;
  kind: UserKind;
  displayName?: string;
  email?: string;
  comments?: string;
}

export interface WriteResult<T> {
  value: T;
  /** Global position of the last event written: the `Ledger-Position` header. */
  position: number;
}

export class CreateUser extends Command<WriteResult<UserView>> {
  constructor(
    readonly input: CreateUserInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
