import { Body, Controller, Delete, HttpCode, Param, Put, Req, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { parseBody } from '#common';
import {
  BindMfaDevice,
  type BindMfaDeviceInput,
  CreateMfaDevice,
  DeleteLoginProfile,
  DeleteMfaDevice,
  SetLoginProfile,
  type SetLoginProfileInput,
} from '#identity';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { openApiSchema } from '../http/openapi-schema.js';
import { RamAction } from '../http/route-permission.js';
import { Post } from '../http/routes.js';
import { Written } from '../http/write-result.js';
import { WriteInterceptor } from '../http/write.interceptor.js';

// The domain applies the password policy (8-32 characters); this bound only keeps scrypt's input small.
const LOGIN_PROFILE_SCHEMA = {
  password: { type: 'string', required: true, maxLength: 128 },
  mfaBindRequired: { type: 'boolean' },
} as const;

const BINDING_SCHEMA = {
  code1: { type: 'string', required: true, maxLength: 6 },
  code2: { type: 'string', required: true, maxLength: 6 },
} as const;

const USER = 'acs:ram::{account}:user/:userName';

/** A human user's console credentials: password (login profile) and TOTP MFA device. */
@ApiTags('credentials')
@Controller('v1/users/:userName')
export class ConsoleCredentialsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly account: AccountContext,
  ) {}

  @Put('login-profile')
  @UseInterceptors(WriteInterceptor)
  @RamAction('ram:CreateLoginProfile', USER)
  @ApiBody({ schema: openApiSchema(LOGIN_PROFILE_SCHEMA) })
  async setLoginProfile(@Param('userName') userName: string, @Body() body: unknown, @Req() req: Request) {
    const input = parseBody<SetLoginProfileInput>(body, LOGIN_PROFILE_SCHEMA);
    const result = await this.commands.execute(new SetLoginProfile(userName, input, this.meta(req)));
    return new Written(result.value, result.position);
  }

  @Delete('login-profile')
  @HttpCode(204)
  @UseInterceptors(WriteInterceptor)
  @RamAction('ram:DeleteLoginProfile', USER)
  async deleteLoginProfile(@Param('userName') userName: string, @Req() req: Request) {
    const result = await this.commands.execute(new DeleteLoginProfile(userName, this.meta(req)));
    return new Written(result.value, result.position);
  }

  @Post('mfa-device')
  @HttpCode(201)
  @RamAction('ram:CreateVirtualMFADevice', USER)
  async createMfaDevice(@Param('userName') userName: string, @Body() body: unknown, @Req() req: Request) {
    parseBody(body, {});
    const { value, position } = await this.commands.execute(new CreateMfaDevice(userName, this.meta(req)));
    // The seed is shown once: a replay under the same Idempotency-Key gets the device without it.
    return new Written(value, position, { serialNumber: value.serialNumber });
  }

  @Post('mfa-device/binding')
  @HttpCode(200)
  @RamAction('ram:BindMFADevice', USER)
  @ApiBody({ schema: openApiSchema(BINDING_SCHEMA) })
  async bindMfaDevice(@Param('userName') userName: string, @Body() body: unknown, @Req() req: Request) {
    const input = parseBody<BindMfaDeviceInput>(body, BINDING_SCHEMA);
    const result = await this.commands.execute(new BindMfaDevice(userName, input, this.meta(req)));
    return new Written(result.value, result.position);
  }

  @Delete('mfa-device')
  @HttpCode(204)
  @UseInterceptors(WriteInterceptor)
  @RamAction('ram:UnbindMFADevice', USER)
  async deleteMfaDevice(@Param('userName') userName: string, @Req() req: Request) {
    const result = await this.commands.execute(new DeleteMfaDevice(userName, this.meta(req)));
    return new Written(result.value, result.position);
  }

  private meta(req: Request) {
    return commandMeta(req, this.account.accountId);
  }
}
