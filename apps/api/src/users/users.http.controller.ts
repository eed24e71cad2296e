import { Body, Controller, Get, HttpCode, Param, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { parseBody, parsePageRequest } from '#common';
import { CreateUser, type CreateUserInput, GetUser, ListUsers } from '#identity';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { RamAction } from '../http/route-permission.js';
import { Written } from '../http/write-result.js';
import { Post } from '../http/routes.js';
import { openApiSchema } from '../http/openapi-schema.js';

const CREATE_USER_SCHEMA = {
  userName: { type: 'string', required: true, maxLength: 64 },
  kind: { type: 'string', required: true, enum: ['human', 'programmatic'] },
  displayName: { type: 'string', maxLength: 128 },
  email: { type: 'string', maxLength: 128 },
  comments: { type: 'string', maxLength: 128 },
} as const;

@ApiTags('users')
@Controller('v1/users')
export class UsersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly account: AccountContext,
  ) {}

  @Post()
  @HttpCode(201)
  @RamAction('ram:CreateUser', 'acs:ram::{account}:user/*')
  @ApiBody({ schema: openApiSchema(CREATE_USER_SCHEMA) })
  async create(@Body() body: unknown, @Req() req: Request) {
    const input = parseBody<CreateUserInput>(body, CREATE_USER_SCHEMA);
    const result = await this.commands.execute(
      new CreateUser(input, commandMeta(req, this.account.accountId)),
    );
    return new Written(result.value, result.position);
  }

  @Get()
  @RamAction('ram:ListUsers', 'acs:ram::{account}:user/*')
  list(@Query() query: Record<string, unknown>) {
    return this.queries.execute(new ListUsers(parsePageRequest(query)));
  }

  @Get(':userName')
  @RamAction('ram:GetUser', 'acs:ram::{account}:user/:userName')
  get(@Param('userName') userName: string) {
    return this.queries.execute(new GetUser(userName));
  }
}
