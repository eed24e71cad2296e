import { Body, Controller, Get, HttpCode, Param, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { invalidParameter, parseBody, parsePageRequest } from '#common';
import {
  checkReviewInput,
  CompleteAccessReview,
  DecideAccessReviewItem,
  type Decision,
  itemsPage,
  GetAccessReview,
  ListAccessReviews,
  reviewSummary,
  StartAccessReview,
} from '#governance';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { HandlerAuthorization } from '../http/handler-authorization.js';
import { openApiSchema } from '../http/openapi-schema.js';
import { RamAction } from '../http/route-permission.js';
import { Post } from '../http/routes.js';
import { Written } from '../http/write-result.js';
import { sendReport } from './access-review-report.js';

const CREATE_SCHEMA = {
  name: { type: 'string', required: true, maxLength: 128 },
  scope: { type: 'object', required: true },
  reviewers: { type: 'object', required: true },
  dueAt: { type: 'string', required: true, maxLength: 64 },
  defaultDecision: { type: 'string', required: true, enum: ['Keep', 'Revoke', 'None'] },
  recurrence: { type: 'string', enum: ['Quarterly'] },
} as const;

const DECISION_SCHEMA = {
  decision: { type: 'string', required: true, enum: ['Keep', 'Revoke'] },
  comment: { type: 'string', maxLength: 1024 },
} as const;

const REVIEWS = 'acs:ram::{account}:access-review/*';
const REVIEW = 'acs:ram::{account}:access-review/:reviewId';

/**
 * Access review campaigns (API.md "Access reviews"). Reading a campaign, its items and its report is
 * `ram:GetAccessReview`; deciding needs `ram:DecideAccessReviewItem` and being an item's assigned reviewer;
 * completing is `ram:CompleteAccessReview` (the campaign's administrators, not its reviewers).
 */
@ApiTags('access-reviews')
@Controller('v1/access-reviews')
export class AccessReviewsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly account: AccountContext,
  ) {}

  @Post()
  @HttpCode(201)
  @RamAction('ram:CreateAccessReview', REVIEWS)
  @ApiBody({ schema: openApiSchema(CREATE_SCHEMA) })
  async create(@Body() body: unknown, @Req() req: Request) {
    const meta = commandMeta(req, this.account.accountId);
    const input = checkReviewInput(parseBody<Record<string, unknown>>(body, CREATE_SCHEMA), meta.now);
    const { value, position } = await this.commands.execute(new StartAccessReview(input, meta));
    const { items, ...campaign } = value;
    return new Written({ ...campaign, status: 'Open', itemCount: items.length }, position);
  }

  @Get()
  @RamAction('ram:ListAccessReviews', REVIEWS)
  list(@Query() query: Record<string, unknown>) {
    const status = query.status === undefined ? undefined : String(query.status);
    if (status !== undefined && !['Open', 'Completing', 'Completed'].includes(status))
      throw invalidParameter('Status', 'status must be Open, Completing or Completed');
    return this.queries.execute(new ListAccessReviews(parsePageRequest(query), status));
  }

  @Get(':reviewId')
  @RamAction('ram:GetAccessReview', REVIEW)
  async get(@Param('reviewId') reviewId: string) {
    return reviewSummary(await this.queries.execute(new GetAccessReview(reviewId)));
  }

  @Get(':reviewId/items')
  @RamAction('ram:GetAccessReview', REVIEW)
  async items(@Param('reviewId') reviewId: string, @Query() query: Record<string, unknown>) {
    const decision = query.decision === undefined ? undefined : String(query.decision);
    if (decision !== undefined && !['Keep', 'Revoke', 'Undecided'].includes(decision))
      throw invalidParameter('Decision', 'decision must be Keep, Revoke or Undecided');
    const reviewer = query.reviewer === undefined ? undefined : String(query.reviewer);
    const state = await this.queries.execute(new GetAccessReview(reviewId));
    return itemsPage(
      state,
      {
        ...(reviewer !== undefined && { reviewer }),
        ...(decision !== undefined && { decision: decision as 'Keep' | 'Revoke' | 'Undecided' }),
      },
      parsePageRequest(query),
    );
  }

  @Get(':reviewId/report')
  @RamAction('ram:GetAccessReview', REVIEW)
  async report(
    @Param('reviewId') reviewId: string,
    @Query('format') format: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (format !== undefined && format !== 'json' && format !== 'csv')
      throw invalidParameter('Format', 'format must be json or csv');
    return sendReport(await this.queries.execute(new GetAccessReview(reviewId)), format ?? 'json', res);
  }

  @Post(':reviewId/items/:itemId/decision')
  @HttpCode(200)
  @RamAction('ram:DecideAccessReviewItem', REVIEW)
  @ApiBody({ schema: openApiSchema(DECISION_SCHEMA) })
  async decide(
    @Param('reviewId') reviewId: string,
    @Param('itemId') itemId: string,
    @Body() body: unknown,
    @Req() req: Request,
  ) {
    const decision = parseBody<{ decision: Decision; comment?: string }>(body, DECISION_SCHEMA);
    const caller = HandlerAuthorization.caller(req);
    const userId = caller.kind === 'user' ? caller.principalId : undefined;
    const meta = commandMeta(req, this.account.accountId);
    const { value, position } = await this.commands.execute(
      new DecideAccessReviewItem(reviewId, itemId, decision, userId, meta),
    );
    return new Written({ reviewId, itemId, ...value }, position);
  }

  @Post(':reviewId/completion')
  @HttpCode(200)
  @RamAction('ram:CompleteAccessReview', REVIEW)
  async complete(@Param('reviewId') reviewId: string, @Body() body: unknown, @Req() req: Request) {
    parseBody(body, {});
    const meta = commandMeta(req, this.account.accountId);
    const { value, position } = await this.commands.execute(new CompleteAccessReview(reviewId, meta));
    return new Written(reviewSummary(value), position);
  }
}
