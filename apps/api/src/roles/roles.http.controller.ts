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
import { arn, parseBody, parsePageRequest } from '#common';
import {
  CreateRole,
  type CreateRoleInput,
  DeleteRole,
  GetRole,
  ListRoles,
  MAX_SESSION_DURATION,
  MIN_SESSION_DURATION,
  type RoleSettings,
  UpdateRole,
} from '#identity';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { openApiSchema } from '../http/openapi-schema.js';
import { RamAction } from '../http/route-permission.js';
import { Post } from '../http/routes.js';
import { WriteInterceptor } from '../http/write.interceptor.js';
import { Written } from '../http/write-result.js';

const DURATION = { type: 'integer', min: MIN_SESSION_DURATION, max: MAX_SESSION_DURATION } as const;

const CREATE_ROLE_SCHEMA = {
  roleName: { type: 'string', required: true, maxLength: 64 },
  assumeRolePolicyDocument: { type: 'string', required: true, maxLength: 6144 },
  maxSessionDuration: DURATION,
  description: { type: 'string', maxLength: 1024 },
} as const;

// The trust policy is deliberately absent: it changes only through a reviewed trust-policy change.
const UPDATE_ROLE_SCHEMA = {
  maxSessionDuration: DURATION,
  description: { type: 'string', maxLength: 1024 },
} as const;

const ROLE = 'acs:ram::{account}:role/:roleName';

@ApiTags('roles')
@Controller('v1/roles')
export class RolesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly account: AccountContext,
  ) {}

  @Post()
  @HttpCode(201)
  @RamAction('ram:CreateRole', 'acs:ram::{account}:role/*')
  @ApiBody({ schema: openApiSchema(CREATE_ROLE_SCHEMA) })
  async create(@Body() body: unknown, @Req() req: Request) {
    const input = parseBody<CreateRoleInput>(body, CREATE_ROLE_SCHEMA);
    const result = await this.commands.execute(
      new CreateRole(input, commandMeta(req, this.account.accountId)),
    );
    return new Written(result.value, result.position);
  }

  @Get()
  @RamAction('ram:ListRoles', 'acs:ram::{account}:role/*')
  list(@Query() query: Record<string, unknown>) {
    return this.queries.execute(new ListRoles(parsePageRequest(query)));
  }

  @Get(':roleName')
  @RamAction('ram:GetRole', ROLE)
  get(@Param('roleName') roleName: string) {
    return this.queries.execute(new GetRole(roleName));
  }

  @Patch(':roleName')
  @UseInterceptors(WriteInterceptor)
  @RamAction('ram:UpdateRole', ROLE)
  @ApiBody({ schema: openApiSchema(UPDATE_ROLE_SCHEMA) })
  async update(@Param('roleName') roleName: string, @Body() body: unknown, @Req() req: Request) {
    const changes = parseBody<Partial<RoleSettings>>(body, UPDATE_ROLE_SCHEMA);
    const result = await this.commands.execute(
      new UpdateRole(roleName, changes, commandMeta(req, this.account.accountId)),
    );
    const { roleId, roleName: name, description, maxSessionDuration, trustPolicyVersion } = result.value;
    const role = { roleId, roleName: name, arn: arn.role(this.account.accountId, name), maxSessionDuration };
    return new Written({ ...role, description, trustPolicyVersion }, result.position);
  }

  @Delete(':roleName')
  @HttpCode(204)
  @UseInterceptors(WriteInterceptor)
  @RamAction('ram:DeleteRole', ROLE)
  async delete(@Param('roleName') roleName: string, @Req() req: Request) {
    const result = await this.commands.execute(
      new DeleteRole(roleName, commandMeta(req, this.account.accountId)),
    );
    return new Written(undefined, result.position);
  }
}
