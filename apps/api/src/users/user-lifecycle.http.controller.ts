import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Query,
  Req,
  UseInterceptors,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { parseBody, parsePageRequest } from '#common';
import { DeleteUser, ListGroupsForUser, UpdateUser, type UserProfile } from '#identity';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { RamAction } from '../http/route-permission.js';
import { Written } from '../http/write-result.js';
import { openApiSchema } from '../http/openapi-schema.js';
import { WriteInterceptor } from '../http/write.interceptor.js';

const UPDATE_USER_SCHEMA = {
  displayName: { type: 'string', maxLength: 128 },
  email: { type: 'string', maxLength: 128 },
  comments: { type: 'string', maxLength: 128 },
} as const;

const USER = 'acs:ram::{account}:user/:userName';

/** Update and delete a user, and list its groups (RAM UpdateUser, DeleteUser, ListGroupsForUser). */
@ApiTags('users')
@Controller('v1/users/:userName')
export class UserLifecycleController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly account: AccountContext,
  ) {}

  @Patch()
  @UseInterceptors(WriteInterceptor)
  @RamAction('ram:UpdateUser', USER)
  @ApiBody({ schema: openApiSchema(UPDATE_USER_SCHEMA) })
  async update(@Param('userName') userName: string, @Body() body: unknown, @Req() req: Request) {
    const changes = parseBody<Partial<UserProfile>>(body, UPDATE_USER_SCHEMA);
    const result = await this.commands.execute(
      new UpdateUser(userName, changes, commandMeta(req, this.account.accountId)),
    );
    return new Written(result.value, result.position);
  }

  @Delete()
  @HttpCode(204)
  @UseInterceptors(WriteInterceptor)
  @RamAction('ram:DeleteUser', USER)
  async delete(@Param('userName') userName: string, @Req() req: Request) {
    const result = await this.commands.execute(
      new DeleteUser(userName, commandMeta(req, this.account.accountId)),
    );
    return new Written(result.value, result.position);
  }

  @Get('groups')
  @RamAction('ram:ListGroupsForUser', USER)
  groups(@Param('userName') userName: string, @Query() query: Record<string, unknown>) {
    return this.queries.execute(new ListGroupsForUser(userName, parsePageRequest(query)));
  }
}
