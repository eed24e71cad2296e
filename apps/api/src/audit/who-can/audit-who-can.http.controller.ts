import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { GetWhoCan, parseInstant, requireText } from '#audit';
import { RamAction } from '../../http/route-permission.js';
import { AccountContext } from '../../runtime/account-context.js';
import { WHO_CAN_SCHEMA } from '../access/audit-openapi.js';

/** GET /v1/audit/who-can: every principal allowed an action on a resource, now or at an instant. */
@ApiTags('audit')
@Controller('v1/audit/who-can')
export class AuditWhoCanController {
  constructor(
    private readonly queries: QueryBus,
    private readonly account: AccountContext,
  ) {}

  @Get()
  @RamAction('audit:QueryWhoCan', '*')
  @ApiQuery({ name: 'action', required: true })
  @ApiQuery({ name: 'resource', required: true })
  @ApiQuery({ name: 'at', required: false, description: 'ISO-8601 instant with a zone; default now' })
  @ApiOkResponse({ schema: WHO_CAN_SCHEMA })
  whoCan(@Query() query: Record<string, unknown>) {
    const action = requireText('Action', query.action, 128);
    const resource = requireText('Resource', query.resource);
    const at = parseInstant('At', query.at, new Date());
    return this.queries.execute(new GetWhoCan(action, resource, at, this.account.accountId));
  }
}
