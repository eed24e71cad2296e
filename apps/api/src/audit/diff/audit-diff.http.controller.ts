import { Controller, Get, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { invalidParameter } from '#common';
import { GetAccessDiff, parseInstant, parsePrincipalArn } from '#audit';
import { HandlerAuthorization } from '../../http/handler-authorization.js';
import { RamActionCheckedInHandler } from '../../http/route-permission.js';
import { AccountContext } from '../../runtime/account-context.js';
import { ACCESS_DIFF_SCHEMA } from '../access/audit-openapi.js';

/** GET /v1/audit/diff?from=&to=&principalArn=: the access that appeared and disappeared, with causes. */
@ApiTags('audit')
@Controller('v1/audit/diff')
export class AuditDiffController {
  constructor(
    private readonly queries: QueryBus,
    private readonly account: AccountContext,
    private readonly authorization: HandlerAuthorization,
  ) {}

  @Get()
  @RamActionCheckedInHandler('audit:GetAccessDiff', 'acs:ram::{account}:user/* or role/* (principalArn)')
  @ApiQuery({ name: 'principalArn', required: true })
  @ApiQuery({ name: 'from', required: true, description: 'ISO-8601 instant with a zone' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO-8601 instant with a zone; default now' })
  @ApiOkResponse({ schema: ACCESS_DIFF_SCHEMA })
  async diff(@Query() query: Record<string, unknown>, @Req() req: Request) {
    const principal = parsePrincipalArn(query.principalArn, this.account.accountId);
    const from = parseInstant('From', query.from);
    const to = parseInstant('To', query.to, new Date());
    if (to < from) throw invalidParameter('To', 'to must not be before from');
    await this.authorization.require(req, 'audit:GetAccessDiff', principal.arn);
    return this.queries.execute(new GetAccessDiff(principal, from, to));
  }
}
