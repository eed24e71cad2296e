import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Put,
  Req,
  Res,
  type Type,
  UseInterceptors,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { invalidParameter, parseBody } from '#common';
import { AttachPolicy, DetachPolicy, ListPrincipalPolicies, type PrincipalKind } from '#identity';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { RamAction } from '../http/route-permission.js';
import { Written } from '../http/write-result.js';
import { WriteInterceptor } from '../http/write.interceptor.js';
import { openApiSchema } from '../http/openapi-schema.js';
import { GrantEscalation } from '../analysis/grant-escalation.js';

const GRANT_SCHEMA = { expiresAt: { type: 'string', maxLength: 64 } } as const;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseExpiresAt(body: unknown): Date | undefined {
  const { expiresAt } = parseBody<{ expiresAt?: string }>(body, GRANT_SCHEMA);
  if (expiresAt === undefined) return undefined;
  const date = new Date(expiresAt);
  if (!ISO_8601.test(expiresAt) || Number.isNaN(date.getTime())) {
    throw invalidParameter(
      'ExpiresAt',
      'expiresAt must be an ISO 8601 time with a zone, e.g. 2026-06-01T08:00:00Z',
    );
  }
  return date;
}

/**
 * Grant, revoke and list the policies of one kind of principal: `/v1/users/{userName}/policies`, groups and
 * roles alike. One class per kind, because each route names its own RAM action and resource.
 */
function principalPoliciesController(kind: PrincipalKind, collection: string, nameParam: string): Type {
  const principal = `acs:ram::{account}:${kind.toLowerCase()}/:${nameParam}`;
  const target = (params: Record<string, string>) => ({
    principalType: kind,
    principalName: params[nameParam],
    policyType: params.policyType,
    policyName: params.policyName,
  });

  @ApiTags('grants')
  @Controller(`v1/${collection}/:${nameParam}/policies`)
  class PrincipalPoliciesController {
    constructor(
      readonly commands: CommandBus,
      readonly queries: QueryBus,
      readonly account: AccountContext,
      readonly escalation: GrantEscalation,
    ) {}

    @Get()
    @RamAction(`ram:ListPoliciesFor${kind}`, principal)
    list(@Param(nameParam) name: string) {
      return this.queries.execute(new ListPrincipalPolicies(kind, name));
    }

    /** 201 for a new grant, 200 when the policy was already attached (nothing is written then). */
    @Put(':policyType/:policyName')
    @UseInterceptors(WriteInterceptor)
    @RamAction(`ram:AttachPolicyTo${kind}`, principal)
    @ApiBody({ required: false, schema: openApiSchema(GRANT_SCHEMA) })
    async attach(
      @Param() params: Record<string, string>,
      @Body() body: unknown,
      @Req() req: Request,
      @Res({ passthrough: true }) res: Response,
    ) {
      const expiresAt = parseExpiresAt(body);
      const meta = commandMeta(req, this.account.accountId);
      const result = await this.commands.execute(new AttachPolicy(target(params), expiresAt, meta));
      res.status(result.created ? 201 : 200);
      // Any path to administrative power the grant opens (docs/trust-changes.md); none when nothing changed.
      const escalationPaths = result.created
        ? await this.escalation.opened(target(params), result.position)
        : [];
      return new Written({ ...result.value, escalationPaths }, result.position);
    }

    @Delete(':policyType/:policyName')
    @HttpCode(204)
    @UseInterceptors(WriteInterceptor)
    @RamAction(`ram:DetachPolicyFrom${kind}`, principal)
    async detach(@Param() params: Record<string, string>, @Req() req: Request) {
      const meta = commandMeta(req, this.account.accountId);
      const result = await this.commands.execute(new DetachPolicy(target(params), meta));
      return new Written(result.value, result.position);
    }
  }
  Object.defineProperty(PrincipalPoliciesController, 'name', { value: `${kind}PoliciesController` });
  return PrincipalPoliciesController;
}

export const UserPoliciesController = principalPoliciesController('User', 'users', 'userName');
export const GroupPoliciesController = principalPoliciesController('Group', 'groups', 'groupName');
export const RolePoliciesController = principalPoliciesController('Role', 'roles', 'roleName');
