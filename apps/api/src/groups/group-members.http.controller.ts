import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Put,
  Query,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { parseBody, parsePageRequest } from '#common';
import { JoinGroup, LeaveGroup, ListGroupMembers } from '#identity';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { RamAction } from '../http/route-permission.js';
import { Written } from '../http/write-result.js';
import { WriteInterceptor } from '../http/write.interceptor.js';

const GROUP = 'acs:ram::{account}:group/:groupName';

/** Join, leave and list a group's members (RAM AddUserToGroup, RemoveUserFromGroup, ListUsersForGroup). */
@ApiTags('groups')
@Controller('v1/groups/:groupName/members')
export class GroupMembersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly account: AccountContext,
  ) {}

  @Get()
  @RamAction('ram:ListUsersForGroup', GROUP)
  list(@Param('groupName') groupName: string, @Query() query: Record<string, unknown>) {
    return this.queries.execute(new ListGroupMembers(groupName, parsePageRequest(query)));
  }

  /** 201 when the user joins, 200 when it already was a member (nothing is written then). */
  @Put(':userName')
  @UseInterceptors(WriteInterceptor)
  @RamAction('ram:AddUserToGroup', GROUP)
  async join(
    @Param('groupName') groupName: string,
    @Param('userName') userName: string,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    parseBody(body, {});
    const result = await this.commands.execute(
      new JoinGroup(groupName, userName, commandMeta(req, this.account.accountId)),
    );
    res.status(result.created ? 201 : 200);
    return new Written(result.value, result.position);
  }

  @Delete(':userName')
  @HttpCode(204)
  @UseInterceptors(WriteInterceptor)
  @RamAction('ram:RemoveUserFromGroup', GROUP)
  async leave(
    @Param('groupName') groupName: string,
    @Param('userName') userName: string,
    @Req() req: Request,
  ) {
    const result = await this.commands.execute(
      new LeaveGroup(groupName, userName, commandMeta(req, this.account.accountId)),
    );
    return new Written(result.value, result.position);
  }
}
