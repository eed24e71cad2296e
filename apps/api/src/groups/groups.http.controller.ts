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
import {
  CreateGroup,
  type CreateGroupInput,
  DeleteGroup,
  GetGroup,
  type GroupProfile,
  ListGroups,
  UpdateGroup,
} from '#identity';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { RamAction } from '../http/route-permission.js';
import { Written } from '../http/write-result.js';
import { Post } from '../http/routes.js';
import { openApiSchema } from '../http/openapi-schema.js';
import { WriteInterceptor } from '../http/write.interceptor.js';

const CREATE_GROUP_SCHEMA = {
  groupName: { type: 'string', required: true, maxLength: 64 },
  comments: { type: 'string', maxLength: 128 },
} as const;

const UPDATE_GROUP_SCHEMA = {
  comments: { type: 'string', maxLength: 128 },
} as const;

const GROUP = 'acs:ram::{account}:group/:groupName';

@ApiTags('groups')
@Controller('v1/groups')
export class GroupsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly account: AccountContext,
  ) {}

  @Post()
  @HttpCode(201)
  @RamAction('ram:CreateGroup', 'acs:ram::{account}:group/*')
  @ApiBody({ schema: openApiSchema(CREATE_GROUP_SCHEMA) })
  async create(@Body() body: unknown, @Req() req: Request) {
    const input = parseBody<CreateGroupInput>(body, CREATE_GROUP_SCHEMA);
    const result = await this.commands.execute(
      new CreateGroup(input, commandMeta(req, this.account.accountId)),
    );
    return new Written(result.value, result.position);
  }

  @Get()
  @RamAction('ram:ListGroups', 'acs:ram::{account}:group/*')
  list(@Query() query: Record<string, unknown>) {
    return this.queries.execute(new ListGroups(parsePageRequest(query)));
  }

  @Get(':groupName')
  @RamAction('ram:GetGroup', GROUP)
  get(@Param('groupName') groupName: string) {
    return this.queries.execute(new GetGroup(groupName));
  }

  @Patch(':groupName')
  @UseInterceptors(WriteInterceptor)
  @RamAction('ram:UpdateGroup', GROUP)
  @ApiBody({ schema: openApiSchema(UPDATE_GROUP_SCHEMA) })
  async update(@Param('groupName') groupName: string, @Body() body: unknown, @Req() req: Request) {
    const changes = parseBody<GroupProfile>(body, UPDATE_GROUP_SCHEMA);
    const result = await this.commands.execute(
      new UpdateGroup(groupName, changes, commandMeta(req, this.account.accountId)),
    );
    return new Written(result.value, result.position);
  }

  @Delete(':groupName')
  @HttpCode(204)
  @UseInterceptors(WriteInterceptor)
  @RamAction('ram:DeleteGroup', GROUP)
  async delete(@Param('groupName') groupName: string, @Req() req: Request) {
    const result = await this.commands.execute(
      new DeleteGroup(groupName, commandMeta(req, this.account.accountId)),
    );
    return new Written(result.value, result.position);
  }
}
