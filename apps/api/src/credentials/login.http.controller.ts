import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { parseBody } from '#common';
import { Login, type LoginInput } from '#identity';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { openApiSchema } from '../http/openapi-schema.js';
import { Public } from '../http/route-permission.js';

const LOGIN_SCHEMA = {
  userName: { type: 'string', required: true, maxLength: 64 },
  password: { type: 'string', required: true, maxLength: 128 },
  mfaCode: { type: 'string', maxLength: 6 },
} as const;

/**
 * Console sign-in. Public, and deliberately outside the Idempotency-Key store: a replay would have to keep
 * the session token, and the request hash would be a hash of the password. Each login is a new session.
 */
@ApiTags('credentials')
@Controller('v1/login')
export class LoginController {
  constructor(
    private readonly commands: CommandBus,
    private readonly account: AccountContext,
  ) {}

  @Post()
  @HttpCode(200)
  @Public()
  @ApiBody({ schema: openApiSchema(LOGIN_SCHEMA) })
  login(@Body() body: unknown, @Req() req: Request) {
    const input = parseBody<LoginInput>(body, LOGIN_SCHEMA);
    return this.commands.execute(new Login(input, commandMeta(req, this.account.accountId)));
  }
}
