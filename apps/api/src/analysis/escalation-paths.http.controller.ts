import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { entityNotExist, invalidParameter } from '#common';
import { AccessGraph, escalationPaths, TRUST_CHANGE_SETTINGS, type TrustChangeSettings } from '#governance';
import { parseRamPrincipalArn } from '#policy';
import { PermissionService } from '../authorization/permission.service.js';
import { AccountContext } from '../runtime/account-context.js';
import { HandlerAuthorization } from '../http/handler-authorization.js';
import { RamActionCheckedInHandler } from '../http/route-permission.js';
import { ESCALATION_REPORT_SCHEMA } from './escalation-report.schema.js';

/**
 * `GET /v1/analysis/escalation-paths?principalArn=`: every path by which a user or role can reach
 * administrative power (docs/trust-changes.md). Authorized as `ram:GetEscalationPaths` on the principal.
 */
@ApiTags('analysis')
@Controller('v1/analysis')
export class EscalationPathsController {
  constructor(
    private readonly permissions: PermissionService,
    private readonly account: AccountContext,
    private readonly authorization: HandlerAuthorization,
    @Inject(TRUST_CHANGE_SETTINGS) private readonly settings: TrustChangeSettings,
  ) {}

  @Get('escalation-paths')
  @RamActionCheckedInHandler('ram:GetEscalationPaths', '<principalArn>')
  @ApiQuery({ name: 'principalArn', required: true, description: 'a user, role or role-session ARN' })
  @ApiOkResponse({ description: 'the paths to administrative power', schema: ESCALATION_REPORT_SCHEMA })
  async paths(@Query('principalArn') principalArn: unknown, @Req() req: Request) {
    const accountId = this.account.accountId;
    const parsed = typeof principalArn === 'string' ? parseRamPrincipalArn(principalArn) : undefined;
    if (!parsed || parsed.kind === 'root' || parsed.account !== accountId) {
      throw invalidParameter(
        'PrincipalArn',
        'principalArn must be a user, role or assumed-role ARN of this account',
      );
    }
    await this.authorization.require(req, 'ram:GetEscalationPaths', principalArn as string);
    const graph = new AccessGraph(this.permissions.permissionModel, accountId, new Date());
    const principal = graph.byArn(principalArn as string);
    if (!principal) throw entityNotExist(parsed.kind === 'user' ? 'User' : 'Role', parsed.name);
    const report = escalationPaths(graph, principal, {
      privilegedTrustChangeApprovals: this.settings.requiredApprovals.high,
    });
    return { ...report, principalArn };
  }
}
