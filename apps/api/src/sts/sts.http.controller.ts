import { Body, Controller, Get, HttpCode, Req } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { HandlerAuthorization } from '../http/handler-authorization.js';
import { openApiSchema } from '../http/openapi-schema.js';
import { contextOf } from '../http/request-context.js';
import { RamActionCheckedInHandler } from '../http/route-permission.js';
import { Post } from '../http/routes.js';
import { LEDGER_MIN_POSITION } from '../http/write-result.js';
import { ASSUME_ROLE_PERMISSION, ASSUME_ROLE_SCHEMA, AssumeRoleEndpoint } from './assume-role.endpoint.js';
import { StsTokenAuthenticator } from './sts-token.authenticator.js';

/** STS: AssumeRole and GetCallerIdentity. */
@ApiTags('sts')
@Controller('v1/sts')
export class StsController {
  constructor(
    private readonly endpoint: AssumeRoleEndpoint,
    private readonly account: AccountContext,
    private readonly sts: StsTokenAuthenticator,
  ) {}

  /** AssumeRoleEndpoint.assume; the common request shape is answered before Express (assume-role.direct-path.ts). */
  @Post('assume-role')
  @HttpCode(200)
  @RamActionCheckedInHandler(ASSUME_ROLE_PERMISSION.action, ASSUME_ROLE_PERMISSION.resource)
  @ApiBody({ schema: openApiSchema(ASSUME_ROLE_SCHEMA) })
  assumeRole(@Body() body: unknown, @Req() req: Request) {
    return this.endpoint.assume(
      body,
      HandlerAuthorization.caller(req),
      { minPosition: req.header(LEDGER_MIN_POSITION), sourceIp: contextOf(req).sourceIp, secure: req.secure },
      commandMeta(req, this.account.accountId),
    );
  }

  /** Who the credentials belong to. Like AWS GetCallerIdentity it needs no permission: any caller may ask. */
  @Get('caller-identity')
  @RamActionCheckedInHandler('sts:GetCallerIdentity', 'acs:ram::{account}:*')
  callerIdentity(@Req() req: Request) {
    const caller = HandlerAuthorization.caller(req);
    const accountId = this.account.accountId;
    const base = { accountId, arn: caller.arn, kind: caller.kind };
    if (caller.kind === 'root') return { ...base, principalId: accountId };
    if (caller.kind === 'user') {
      return {
        ...base,
        principalId: caller.principalId,
        userId: caller.principalId,
        userName: caller.principalName,
      };
    }
    const session = this.sts.sessionOf(caller);
    return {
      ...base,
      principalId: `${caller.principalId}:${session?.roleSessionName}`,
      roleId: caller.principalId,
      roleName: caller.principalName,
      sessionName: session?.roleSessionName,
      accessKeyId: session?.accessKeyId,
      expiration: session?.expiration,
    };
  }
}
