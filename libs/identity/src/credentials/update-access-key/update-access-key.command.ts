import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import type { AccessKeyView } from '../access-key.view.js';
import type { AccessKeyStatus } from '../domain/credential.events.js';

/** `PATCH /v1/users/{userName}/access-keys/{accessKeyId}`: activates or deactivates a key. */
export class UpdateAccessKey extends Command<WriteResult<AccessKeyView>> {
  constructor(
    readonly userName: string,
    readonly accessKeyId: string,
    readonly status: AccessKeyStatus,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
