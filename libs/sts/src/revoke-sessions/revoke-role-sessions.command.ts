import { Command } from '@nestjs/cqrs';
import type { CommandMetadata } from '#common';
import type { WriteResult } from '#identity';

export interface RoleSessionsRevocation {
  roleId: string;
  roleName: string;
  revokedBefore: string;
}

/** Every session of the role issued until now stops working (its later sessions are not affected). */
export class RevokeRoleSessions extends Command<WriteResult<RoleSessionsRevocation>> {
  constructor(
    readonly roleName: string,
    readonly meta: CommandMetadata,
  ) {
    super();
  }
}
