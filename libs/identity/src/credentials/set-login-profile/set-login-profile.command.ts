import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';

export interface SetLoginProfileInput {
  password: string;
  mfaBindRequired?: boolean;
}

export interface LoginProfileView {
  userName: string;
  mfaBindRequired: boolean;
  passwordSetAt: string;
}

/** `PUT /v1/users/{userName}/login-profile`: sets (or replaces) a human user's console password. */
export class SetLoginProfile extends Command<WriteResult<LoginProfileView>> {
  constructor(
    readonly userName: string,
    readonly input: SetLoginProfileInput,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
