import { Body, Controller, HttpCode, Param, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { parseBody } from '#common';
import { RevokeRoleSessions } from '#sts';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { RamAction } from '../http/route-permission.js';
import { Post } from '../http/routes.js';
import { Written } from '../http/write-result.js';

/**
 * `POST /v1/roles/{roleName}/session-revocations`: every session of the role issued until now stops working
 * at once. Authorized as `ram:RevokeRoleSessions` on the role (RAM has no such API; the name follows its
 * verb-object style, and it is a write on the role like `ram:UpdateRole`).
 */
@ApiTags('sts')
@Controller('v1/roles/:roleName/session-revocations')
export class RoleSessionRevocationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly account: AccountContext,
  ) {}

  @Post()
  @HttpCode(201)
  @RamAction('ram:RevokeRoleSessions', 'acs:ram::{account}:role/:roleName')
  async revoke(@Param('roleName') roleName: string, @Body() body: unknown, @Req() req: Request) {
    parseBody(body, {});
    const { value, position } = await this.commands.execute(
      new RevokeRoleSessions(roleName, commandMeta(req, this.account.accountId)),
    );
    return new Written(value, position);
  }
}
