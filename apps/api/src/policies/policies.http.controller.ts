import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Put,
  Query,
  Req,
  UseInterceptors,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { invalidParameter, parseBody, parsePageRequest } from '#common';
import {
  CreatePolicy,
  type CreatePolicyInput,
  CreatePolicyVersion,
  DeletePolicy,
  DeletePolicyVersion,
  GetPolicy,
  ListPolicies,
  ListPolicyVersions,
  SetDefaultPolicyVersion,
} from '#identity';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { RamAction } from '../http/route-permission.js';
import { Written } from '../http/write-result.js';
import { Post } from '../http/routes.js';
import { WriteInterceptor } from '../http/write.interceptor.js';
import { openApiSchema } from '../http/openapi-schema.js';

const POLICY = 'acs:ram::{account}:policy/:policyName';
const ANY_POLICY = 'acs:ram::{account}:policy/*';
// The document's own limit (6144 characters) is the policy engine's: its MalformedPolicyDocument says so. This
// bound only keeps absurd strings out (the body limit of 64 KiB stops them anyway).
const DOCUMENT = { type: 'string', required: true, maxLength: 60_000 } as const;

const CREATE_POLICY_SCHEMA = {
  policyName: { type: 'string', required: true, maxLength: 128 },
  policyDocument: DOCUMENT,
  description: { type: 'string', maxLength: 1024 },
} as const;
const CREATE_VERSION_SCHEMA = { policyDocument: DOCUMENT, setAsDefault: { type: 'boolean' } } as const;
const DEFAULT_VERSION_SCHEMA = { versionId: { type: 'string', required: true, maxLength: 16 } } as const;

/** System policies are the service's own: only custom policies change. */
function customOnly(policyType: string): void {
  if (policyType === 'Custom') return;
  throw invalidParameter(
    'PolicyType',
    policyType === 'System' ? 'System policies cannot be changed' : 'policyType must be System or Custom',
  );
}

/** Custom and system policies and their versions (RAM CreatePolicy, GetPolicy, ListPolicies, ...). */
@ApiTags('policies')
@Controller('v1/policies')
export class PoliciesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly account: AccountContext,
  ) {}

  @Post()
  @HttpCode(201)
  @RamAction('ram:CreatePolicy', ANY_POLICY)
  @ApiBody({ schema: openApiSchema(CREATE_POLICY_SCHEMA) })
  async create(@Body() body: unknown, @Req() req: Request) {
    const input = parseBody<CreatePolicyInput>(body, CREATE_POLICY_SCHEMA);
    const result = await this.commands.execute(
      new CreatePolicy(input, commandMeta(req, this.account.accountId)),
    );
    return new Written(result.value, result.position);
  }

  @Get()
  @RamAction('ram:ListPolicies', ANY_POLICY)
  list(@Query() query: Record<string, unknown>) {
    const policyType = query.policyType === undefined ? undefined : String(query.policyType);
    return this.queries.execute(new ListPolicies(policyType, parsePageRequest(query)));
  }

  @Get(':policyType/:policyName')
  @RamAction('ram:GetPolicy', POLICY)
  get(@Param('policyType') policyType: string, @Param('policyName') policyName: string) {
    return this.queries.execute(new GetPolicy(policyType, policyName));
  }

  @Post(':policyType/:policyName/versions')
  @HttpCode(201)
  @RamAction('ram:CreatePolicyVersion', POLICY)
  @ApiBody({ schema: openApiSchema(CREATE_VERSION_SCHEMA) })
  async createVersion(
    @Param('policyType') policyType: string,
    @Param('policyName') policyName: string,
    @Body() body: unknown,
    @Req() req: Request,
  ) {
    customOnly(policyType);
    const input = parseBody<{ policyDocument: string; setAsDefault?: boolean }>(body, CREATE_VERSION_SCHEMA);
    const meta = commandMeta(req, this.account.accountId);
    const result = await this.commands.execute(new CreatePolicyVersion(policyName, input, meta));
    return new Written(result.value, result.position);
  }

  @Get(':policyType/:policyName/versions')
  @RamAction('ram:ListPolicyVersions', POLICY)
  listVersions(@Param('policyType') policyType: string, @Param('policyName') policyName: string) {
    return this.queries.execute(new ListPolicyVersions(policyType, policyName));
  }

  @Put(':policyType/:policyName/default-version')
  @UseInterceptors(WriteInterceptor)
  @RamAction('ram:SetDefaultPolicyVersion', POLICY)
  @ApiBody({ schema: openApiSchema(DEFAULT_VERSION_SCHEMA) })
  async setDefaultVersion(
    @Param('policyType') policyType: string,
    @Param('policyName') policyName: string,
    @Body() body: unknown,
    @Req() req: Request,
  ) {
    customOnly(policyType);
    const { versionId } = parseBody<{ versionId: string }>(body, DEFAULT_VERSION_SCHEMA);
    const meta = commandMeta(req, this.account.accountId);
    const result = await this.commands.execute(new SetDefaultPolicyVersion(policyName, versionId, meta));
    return new Written(result.value, result.position);
  }

  @Delete(':policyType/:policyName/versions/:versionId')
  @HttpCode(204)
  @UseInterceptors(WriteInterceptor)
  @RamAction('ram:DeletePolicyVersion', POLICY)
  async deleteVersion(
    @Param('policyType') policyType: string,
    @Param('policyName') policyName: string,
    @Param('versionId') versionId: string,
    @Req() req: Request,
  ) {
    customOnly(policyType);
    const meta = commandMeta(req, this.account.accountId);
    const result = await this.commands.execute(new DeletePolicyVersion(policyName, versionId, meta));
    return new Written(result.value, result.position);
  }

  @Delete(':policyType/:policyName')
  @HttpCode(204)
  @UseInterceptors(WriteInterceptor)
  @RamAction('ram:DeletePolicy', POLICY)
  async delete(
    @Param('policyType') policyType: string,
    @Param('policyName') policyName: string,
    @Req() req: Request,
  ) {
    customOnly(policyType);
    const result = await this.commands.execute(
      new DeletePolicy(policyName, commandMeta(req, this.account.accountId)),
    );
    return new Written(result.value, result.position);
  }
}
