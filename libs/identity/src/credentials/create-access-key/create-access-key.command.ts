import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import type { AccessKeyView } from '../access-key.view.js';

/** The create response: the only time the secret is shown. */
export interface NewAccessKeyView extends AccessKeyView {
  accessKeySecret: string;
}

/** `POST /v1/users/{userName}/access-keys`: a new AccessKey pair, at most two per user. */
export class CreateAccessKey extends Command<WriteResult<NewAccessKeyView>> {
  constructor(
    readonly userName: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
