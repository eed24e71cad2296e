import { Body, Controller, Get, HttpCode, Param, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { DomainError, invalidParameter, parseBody, parsePageRequest } from '#common';
import {
  type AccessRequestDecision,
  type AccessRequestStatus,
  DecideAccessRequest,
  GetAccessRequest,
  ListAccessRequests,
  SubmitAccessRequest,
  type SubmitAccessRequestInput,
  type TargetInput,
  targetArnOf,
} from '#governance';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { HandlerAuthorization } from '../http/handler-authorization.js';
import { openApiSchema } from '../http/openapi-schema.js';
import { RamAction, RamActionCheckedInHandler } from '../http/route-permission.js';
import { Post } from '../http/routes.js';
import { Written } from '../http/write-result.js';
import { approverByPolicy, callerPerson } from './access-request-caller.js';
import { parseTarget } from './access-request-target.js';

const SUBMIT_SCHEMA = {
  target: { type: 'object', required: true },
  durationSeconds: { type: 'integer' },
  justification: { type: 'string', required: true, maxLength: 1024 },
} as const;
const APPROVE_SCHEMA = { comment: { type: 'string', maxLength: 1024 } } as const;
const DENY_SCHEMA = { reason: { type: 'string', maxLength: 1024 } } as const;
const STATUSES = ['Pending', 'Approved', 'Denied', 'Cancelled', 'Expired', 'Ended'];

const REQUEST = 'acs:ram::{account}:accessrequest/:requestId';
/** Approvals and denials are authorized on the request's target, known once the request is loaded. */
const TARGET = 'acs:ram::{account}:{group|role|policy}/<target of the request>';

@ApiTags('access-requests')
@Controller('v1/access-requests')
export class AccessRequestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly account: AccountContext,
    private readonly authorization: HandlerAuthorization,
  ) {}

  @Post()
  @HttpCode(201)
  @RamActionCheckedInHandler('ram:CreateAccessRequest', 'acs:ram::{account}:{group|role|policy}/<target>')
  @ApiBody({ schema: openApiSchema(SUBMIT_SCHEMA) })
  async submit(@Body() body: unknown, @Req() req: Request) {
    const input = parseBody<Omit<SubmitAccessRequestInput, 'target'> & { target: unknown }>(
      body,
      SUBMIT_SCHEMA,
    );
    const target: TargetInput = parseTarget(input.target);
    await this.authorization.require(
      req,
      'ram:CreateAccessRequest',
      targetArnOf(this.account.accountId, target),
    );
    const requester = callerPerson(req);
    const meta = commandMeta(req, this.account.accountId);
    const result = await this.commands.execute(
      new SubmitAccessRequest({ ...input, target }, requester, meta),
    );
    return new Written(result.value, result.position);
  }

  /** `?status=`, `?requester=<userName>`, and `?waitingFor=me`: Pending requests the caller may decide. */
  @Get()
  @RamAction('ram:ListAccessRequests', 'acs:ram::{account}:accessrequest/*')
  list(@Query() query: Record<string, unknown>, @Req() req: Request) {
    const { status, requester, waitingFor } = query;
    if (status !== undefined && !STATUSES.includes(String(status))) {
      throw invalidParameter('Status', `status must be one of ${STATUSES.join(', ')}`);
    }
    if (waitingFor !== undefined && waitingFor !== 'me')
      throw invalidParameter('WaitingFor', 'waitingFor must be "me"');
    const filter = {
      ...(status !== undefined && { status: String(status) as AccessRequestStatus }),
      ...(requester !== undefined && { requesterName: String(requester) }),
      ...(waitingFor === 'me' && {
        waitingFor: {
          userId: callerPerson(req).userId,
          mayApproveByPolicy: approverByPolicy(this.authorization, req),
        },
      }),
    };
    return this.queries.execute(new ListAccessRequests(filter, parsePageRequest(query)));
  }

  @Get(':requestId')
  @RamAction('ram:GetAccessRequest', REQUEST)
  get(@Param('requestId') requestId: string) {
    return this.queries.execute(new GetAccessRequest(requestId));
  }

  @Post(':requestId/approvals')
  @HttpCode(200)
  @RamActionCheckedInHandler('ram:ApproveAccessRequest', TARGET)
  @ApiBody({ schema: openApiSchema(APPROVE_SCHEMA) })
  approve(@Param('requestId') requestId: string, @Body() body: unknown, @Req() req: Request) {
    const { comment } = parseBody<{ comment?: string }>(body, APPROVE_SCHEMA);
    return this.decide(requestId, { type: 'approve', ...(comment !== undefined && { comment }) }, req);
  }

  /** Denying is part of deciding: the same approvers, the same `ram:ApproveAccessRequest`. */
  @Post(':requestId/denial')
  @HttpCode(200)
  @RamActionCheckedInHandler('ram:ApproveAccessRequest', TARGET)
  @ApiBody({ schema: openApiSchema(DENY_SCHEMA) })
  deny(@Param('requestId') requestId: string, @Body() body: unknown, @Req() req: Request) {
    const { reason } = parseBody<{ reason?: string }>(body, DENY_SCHEMA);
    return this.decide(requestId, { type: 'deny', ...(reason !== undefined && { reason }) }, req);
  }

  /** Only the requester cancels, and only while Pending. */
  @Post(':requestId/cancellation')
  @HttpCode(200)
  @RamAction('ram:CancelAccessRequest', REQUEST)
  cancel(@Param('requestId') requestId: string, @Body() body: unknown, @Req() req: Request) {
    parseBody(body, {});
    return this.decide(requestId, { type: 'cancel' }, req);
  }

  private async decide(requestId: string, decision: AccessRequestDecision, req: Request) {
    if (!/^[0-9a-f-]{36}$/i.test(requestId)) {
      throw new DomainError('EntityNotExist.AccessRequest', 'The access request does not exist', 404);
    }
    const caller = callerPerson(req);
    const meta = commandMeta(req, this.account.accountId);
    const byPolicy = approverByPolicy(this.authorization, req);
    const result = await this.commands.execute(
      new DecideAccessRequest(requestId, decision, caller, byPolicy, meta),
    );
    return new Written(result.value, result.position);
  }
}
