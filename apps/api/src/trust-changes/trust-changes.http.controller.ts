import { Body, Controller, Get, HttpCode, Param, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBody, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { arn, invalidParameter, parseBody, parsePageRequest } from '#common';
import {
  ApproveTrustChange,
  EndTrustChange,
  type ExistingTrustChange,
  GetTrustChange,
  ListTrustChanges,
  ProposeTrustChange,
  type ProposeTrustChangeInput,
  type RecordedTrustChange,
  type TrustChangeStatus,
  toView,
} from '#governance';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { HandlerAuthorization } from '../http/handler-authorization.js';
import { openApiSchema } from '../http/openapi-schema.js';
import { RamAction, RamActionCheckedInHandler } from '../http/route-permission.js';
import { Post } from '../http/routes.js';
import { Written } from '../http/write-result.js';
import { TRUST_CHANGE_LIST_SCHEMA, TRUST_CHANGE_SCHEMA } from './trust-change.schema.js';

const PROPOSE_SCHEMA = {
  assumeRolePolicyDocument: { type: 'string', required: true, maxLength: 6144 },
  justification: { type: 'string', required: true, maxLength: 1024 },
} as const;
const APPROVE_SCHEMA = { comment: { type: 'string', maxLength: 1024 } } as const;
const REJECT_SCHEMA = { reason: { type: 'string', required: true, maxLength: 1024 } } as const;
const STATUSES: readonly TrustChangeStatus[] = [
  'PendingReview',
  'Applied',
  'Rejected',
  'Cancelled',
  'Expired',
  'Superseded',
];
const ROLE = 'acs:ram::{account}:role/:roleName';
const ROLE_OF_CHANGE = 'acs:ram::{account}:role/<roleName of the change>';

/**
 * Reviewed trust-policy changes (API.md "Trust-policy changes"), the only way to change whom a role trusts.
 * Routes on a stored change authorize against the change's role, which only the handler knows.
 */
@ApiTags('trust-policy-changes')
@Controller('v1')
export class TrustChangesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly account: AccountContext,
    private readonly authorization: HandlerAuthorization,
  ) {}

  @Post('roles/:roleName/trust-policy-changes')
  @HttpCode(202)
  @RamAction('ram:ProposeTrustPolicyChange', ROLE)
  @ApiBody({ schema: openApiSchema(PROPOSE_SCHEMA) })
  @ApiAcceptedResponse({ description: 'the proposal, pending review', schema: TRUST_CHANGE_SCHEMA })
  async propose(@Param('roleName') roleName: string, @Body() body: unknown, @Req() req: Request) {
    const input = parseBody<ProposeTrustChangeInput>(body, PROPOSE_SCHEMA);
    const meta = commandMeta(req, this.account.accountId);
    const result = await this.commands.execute(new ProposeTrustChange(roleName, input, meta));
    return new Written(result.value, result.position);
  }

  @Get('trust-policy-changes')
  @RamAction('ram:ListTrustPolicyChanges', 'acs:ram::{account}:role/*')
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({ name: 'roleName', required: false })
  @ApiOkResponse({ schema: TRUST_CHANGE_LIST_SCHEMA })
  async list(@Query() query: Record<string, unknown>) {
    const { status, roleName, limit, cursor, ...unknown } = query;
    const field = Object.keys(unknown)[0];
    if (field !== undefined)
      throw invalidParameter('Query', `Unknown query parameter "${field.slice(0, 64)}"`);
    if (status !== undefined && !STATUSES.includes(status as TrustChangeStatus))
      throw invalidParameter('Status', `status must be one of ${STATUSES.join(', ')}`);
    if (roleName !== undefined && typeof roleName !== 'string')
      throw invalidParameter('RoleName', 'roleName must be given once');
    const filter = { status: status as TrustChangeStatus | undefined, roleName };
    const page = await this.queries.execute(
      new ListTrustChanges(filter, parsePageRequest({ limit, cursor })),
    );
    return { ...page, trustPolicyChanges: page.trustPolicyChanges.map((c) => this.view(c)) };
  }

  @Get('trust-policy-changes/:changeId')
  @RamActionCheckedInHandler('ram:GetTrustPolicyChange', ROLE_OF_CHANGE)
  @ApiOkResponse({ schema: TRUST_CHANGE_SCHEMA })
  async get(@Param('changeId') changeId: string, @Req() req: Request) {
    return this.view(await this.authorized(req, changeId, 'ram:GetTrustPolicyChange'));
  }

  @Post('trust-policy-changes/:changeId/approvals')
  @HttpCode(200)
  @ApiOkResponse({ schema: TRUST_CHANGE_SCHEMA })
  @RamActionCheckedInHandler('ram:ReviewTrustPolicyChange', ROLE_OF_CHANGE)
  @ApiBody({ required: false, schema: openApiSchema(APPROVE_SCHEMA) })
  async approve(@Param('changeId') changeId: string, @Body() body: unknown, @Req() req: Request) {
    const { comment } = parseBody<{ comment?: string }>(body, APPROVE_SCHEMA);
    await this.authorized(req, changeId, 'ram:ReviewTrustPolicyChange');
    const meta = commandMeta(req, this.account.accountId);
    return this.written(await this.commands.execute(new ApproveTrustChange(changeId, comment, meta)));
  }

  @Post('trust-policy-changes/:changeId/rejection')
  @HttpCode(200)
  @ApiOkResponse({ schema: TRUST_CHANGE_SCHEMA })
  @RamActionCheckedInHandler('ram:ReviewTrustPolicyChange', ROLE_OF_CHANGE)
  @ApiBody({ schema: openApiSchema(REJECT_SCHEMA) })
  async reject(@Param('changeId') changeId: string, @Body() body: unknown, @Req() req: Request) {
    const { reason } = parseBody<{ reason: string }>(body, REJECT_SCHEMA);
    await this.authorized(req, changeId, 'ram:ReviewTrustPolicyChange');
    const meta = commandMeta(req, this.account.accountId);
    const ending = { type: 'RejectTrustChange', reason } as const;
    return this.written(await this.commands.execute(new EndTrustChange(changeId, ending, meta)));
  }

  /** Only the proposer may cancel (the decider checks); it needs the right to propose on the role. */
  @Post('trust-policy-changes/:changeId/cancellation')
  @HttpCode(200)
  @ApiOkResponse({ schema: TRUST_CHANGE_SCHEMA })
  @RamActionCheckedInHandler('ram:ProposeTrustPolicyChange', ROLE_OF_CHANGE)
  async cancel(@Param('changeId') changeId: string, @Body() body: unknown, @Req() req: Request) {
    parseBody(body, {});
    await this.authorized(req, changeId, 'ram:ProposeTrustPolicyChange');
    const meta = commandMeta(req, this.account.accountId);
    const ending = { type: 'CancelTrustChange' } as const;
    return this.written(await this.commands.execute(new EndTrustChange(changeId, ending, meta)));
  }

  /** Loads the change (404 when unknown), then checks `action` on its role with the policy engine. */
  private async authorized(req: Request, changeId: string, action: string): Promise<ExistingTrustChange> {
    HandlerAuthorization.caller(req);
    const change = await this.queries.execute(new GetTrustChange(changeId));
    await this.authorization.require(req, action, arn.role(this.account.accountId, change.roleName));
    return change;
  }

  private view(change: ExistingTrustChange) {
    return toView(change, this.account.accountId);
  }

  private written(recorded: RecordedTrustChange) {
    return new Written(this.view(recorded.change), recorded.position);
  }
}
