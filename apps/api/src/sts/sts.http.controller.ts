import { Body, Controller, Get, HttpCode, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { arn, entityNotExist, invalidParameter, parseBody } from '#common';
import { parseRamPrincipalArn, SESSION_POLICY_MAX_LENGTH } from '#policy';
import { AssumeRole, type AssumeRoleInput, refuseRootCaller } from '#sts';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { HandlerAuthorization } from '../http/handler-authorization.js';
import { openApiSchema } from '../http/openapi-schema.js';
import { RamActionCheckedInHandler } from '../http/route-permission.js';
import { Post } from '../http/routes.js';
import { Written } from '../http/write-result.js';
import { StsTokenAuthenticator } from './sts-token.authenticator.js';

const ASSUME_ROLE_SCHEMA = {
  roleArn: { type: 'string', required: true, maxLength: 512 },
  roleSessionName: { type: 'string', required: true, maxLength: 64 },
  durationSeconds: { type: 'integer' },
  policy: { type: 'string', maxLength: SESSION_POLICY_MAX_LENGTH },
  externalId: { type: 'string', maxLength: 1224 },
} as const;

type AssumeRoleBody = Omit<AssumeRoleInput, 'roleName'> & { roleArn: string };

/** STS: AssumeRole and GetCallerIdentity. */
@ApiTags('sts')
@Controller('v1/sts')
export class StsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly authorization: HandlerAuthorization,
    private readonly account: AccountContext,
    private readonly sts: StsTokenAuthenticator,
  ) {}

  /**
   * The caller needs `sts:AssumeRole` on the role (its own policies, a session's narrowed by its session
   * policy) and the role's trust; the resource is the role ARN from the body, so it is checked here.
   */
  @Post('assume-role')
  @HttpCode(200)
  @RamActionCheckedInHandler('sts:AssumeRole', 'acs:ram::{account}:role/<roleName from roleArn>')
  @ApiBody({ schema: openApiSchema(ASSUME_ROLE_SCHEMA) })
  async assumeRole(@Body() body: unknown, @Req() req: Request) {
    const { roleArn, ...rest } = parseBody<AssumeRoleBody>(body, ASSUME_ROLE_SCHEMA);
    const roleName = this.roleNameOf(roleArn);
    const caller = refuseRootCaller(HandlerAuthorization.caller(req));
    await this.authorization.require(req, 'sts:AssumeRole', arn.role(this.account.accountId, roleName));
    const { value, position } = await this.commands.execute(
      new AssumeRole(
        { ...rest, roleName },
        {
          kind: caller.kind,
          arn: caller.arn,
          principalId: caller.principalId ?? caller.arn,
          mfaPresent: caller.mfaPresent,
        },
        commandMeta(req, this.account.accountId),
      ),
    );
    // The secret and the token are shown once: an Idempotency-Key replay answers without them.
    const { accessKeySecret: _secret, securityToken: _token, ...shownAgain } = value.credentials;
    return new Written(value, position, { ...value, credentials: shownAgain });
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

  /** A role of this account; any other ARN names no role this service can hand out. */
  private roleNameOf(roleArn: string): string {
    const parsed = parseRamPrincipalArn(roleArn);
    if (!parsed || parsed.kind !== 'role') {
      throw invalidParameter('RoleArn', 'roleArn must be a role ARN: acs:ram::<accountId>:role/<roleName>');
    }
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    if (parsed.account !== this.account.accountId) throw entityNotExist('Role', roleName);
    return roleName;
  }
}
