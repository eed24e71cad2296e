import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { parsePageRequest } from '#common';
import { GetTimeline, parsePrincipalArn } from '#audit';
import { HandlerAuthorization } from '../../http/handler-authorization.js';
import { RamActionCheckedInHandler } from '../../http/route-permission.js';
import { AccountContext } from '../../runtime/account-context.js';
import { TIMELINE_SCHEMA } from '../access/audit-openapi.js';

/** GET /v1/audit/principals/{principalArn}/timeline (the ARN URL-encoded): who changed what it could do. */
@ApiTags('audit')
@Controller('v1/audit/principals')
export class AuditTimelineController {
  constructor(
    private readonly queries: QueryBus,
    private readonly account: AccountContext,
    private readonly authorization: HandlerAuthorization,
  ) {}

  @Get(':principalArn/timeline')
  @RamActionCheckedInHandler('audit:GetTimeline', 'acs:ram::{account}:user/* or role/* (principalArn)')
  @ApiParam({ name: 'principalArn', description: 'a user or role ARN, URL-encoded' })
  @ApiOkResponse({ schema: TIMELINE_SCHEMA })
  async timeline(
    @Param('principalArn') principalArn: string,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
  ) {
    const principal = parsePrincipalArn(principalArn, this.account.accountId);
    const page = parsePageRequest(query);
    await this.authorization.require(req, 'audit:GetTimeline', principal.arn);
    return this.queries.execute(new GetTimeline(principal, page));
  }
}
