import { Controller, Get, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { GetAccessAt, parseInstant, parsePrincipalArn, requireText } from '#audit';
import { HandlerAuthorization } from '../../http/handler-authorization.js';
import { RamActionCheckedInHandler } from '../../http/route-permission.js';
import { AccountContext } from '../../runtime/account-context.js';
import { ACCESS_AT_SCHEMA } from './audit-openapi.js';

/**
 * GET /v1/audit/access: the decision for (principal, action, resource) as it stood at an instant. Authorized
 * on the principal asked about, so an auditor can be limited to some users or roles.
 */
@ApiTags('audit')
@Controller('v1/audit/access')
export class AuditAccessController {
  constructor(
    private readonly queries: QueryBus,
    private readonly account: AccountContext,
    private readonly authorization: HandlerAuthorization,
  ) {}

  @Get()
  @RamActionCheckedInHandler('audit:QueryAccess', 'acs:ram::{account}:user/* or role/* (principalArn)')
  @ApiQuery({ name: 'principalArn', required: true })
  @ApiQuery({ name: 'action', required: true })
  @ApiQuery({ name: 'resource', required: true })
  @ApiQuery({ name: 'at', required: false, description: 'ISO-8601 instant with a zone; default now' })
  @ApiOkResponse({ schema: ACCESS_AT_SCHEMA })
  async access(@Query() query: Record<string, unknown>, @Req() req: Request) {
    const principal = parsePrincipalArn(query.principalArn, this.account.accountId);
    const action = requireText('Action', query.action, 128);
    const resource = requireText('Resource', query.resource);
    const at = parseInstant('At', query.at, new Date());
    await this.authorization.require(req, 'audit:QueryAccess', principal.arn);
    return this.queries.execute(new GetAccessAt(principal, action, resource, at));
  }
}
