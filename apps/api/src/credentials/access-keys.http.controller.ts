import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Req, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError, parseBody } from '#common';
import {
  ACCESS_KEY_ID,
  type AccessKeyStatus,
  CreateAccessKey,
  DeleteAccessKey,
  ListAccessKeys,
  UpdateAccessKey,
} from '#identity';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { openApiSchema } from '../http/openapi-schema.js';
import { RamAction } from '../http/route-permission.js';
import { Post } from '../http/routes.js';
import { Written } from '../http/write-result.js';
import { WriteInterceptor } from '../http/write.interceptor.js';

const UPDATE_SCHEMA = {
  status: { type: 'string', required: true, enum: ['Active', 'Inactive'] },
} as const;

const USER = 'acs:ram::{account}:user/:userName';

/**
 * A path segment that is not an AccessKey id cannot name one; it is not echoed either, since a client that
 * confused id and secret would otherwise see its secret in the error.
 */
function accessKeyId(id: string): string {
  if (!ACCESS_KEY_ID.test(id)) throw new DomainError('EntityNotExist.AccessKey', 'No such AccessKey', 404);
  return id;
}

/** A user's AccessKey pairs (RAM CreateAccessKey, ListAccessKeys, UpdateAccessKey, DeleteAccessKey). */
@ApiTags('credentials')
@Controller('v1/users/:userName/access-keys')
export class AccessKeysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly account: AccountContext,
  ) {}

  @Post()
  @HttpCode(201)
  @RamAction('ram:CreateAccessKey', USER)
  async create(@Param('userName') userName: string, @Body() body: unknown, @Req() req: Request) {
    parseBody(body, {});
    const { value, position } = await this.commands.execute(
      new CreateAccessKey(userName, commandMeta(req, this.account.accountId)),
    );
    // The secret is shown once: a replay under the same Idempotency-Key gets the key without it.
    const { accessKeySecret: _secret, ...withoutSecret } = value;
    return new Written(value, position, withoutSecret);
  }

  @Get()
  @RamAction('ram:ListAccessKeys', USER)
  list(@Param('userName') userName: string) {
    return this.queries.execute(new ListAccessKeys(userName));
  }

  @Patch(':accessKeyId')
  @UseInterceptors(WriteInterceptor)
  @RamAction('ram:UpdateAccessKey', USER)
  @ApiBody({ schema: openApiSchema(UPDATE_SCHEMA) })
  async update(
    @Param('userName') userName: string,
    @Param('accessKeyId') id: string,
    @Body() body: unknown,
    @Req() req: Request,
  ) {
    const { status } = parseBody<{ status: AccessKeyStatus }>(body, UPDATE_SCHEMA);
    const result = await this.commands.execute(
      new UpdateAccessKey(userName, accessKeyId(id), status, commandMeta(req, this.account.accountId)),
    );
    return new Written(result.value, result.position);
  }

  @Delete(':accessKeyId')
  @HttpCode(204)
  @UseInterceptors(WriteInterceptor)
  @RamAction('ram:DeleteAccessKey', USER)
  async delete(@Param('userName') userName: string, @Param('accessKeyId') id: string, @Req() req: Request) {
    const result = await this.commands.execute(
      new DeleteAccessKey(userName, accessKeyId(id), commandMeta(req, this.account.accountId)),
    );
    return new Written(result.value, result.position);
  }
}
