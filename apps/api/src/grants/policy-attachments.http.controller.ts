import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { parsePageRequest } from '#common';
import { GetEffectivePolicies, ListPolicyAttachments } from '#identity';
import { RamAction } from '../http/route-permission.js';

/** Who holds a policy, and what a user holds in the end (own grants plus its groups'). */
@ApiTags('grants')
@Controller('v1')
export class PolicyAttachmentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('policies/:policyType/:policyName/attachments')
  @RamAction('ram:ListEntitiesForPolicy', 'acs:ram::{account}:policy/:policyName')
  list(
    @Param('policyType') policyType: string,
    @Param('policyName') policyName: string,
    @Query() query: Record<string, unknown>,
  ) {
    return this.queries.execute(new ListPolicyAttachments(policyType, policyName, parsePageRequest(query)));
  }

  @Get('users/:userName/effective-policies')
  @RamAction('ram:ListEffectivePoliciesForUser', 'acs:ram::{account}:user/:userName')
  effective(@Param('userName') userName: string) {
    return this.queries.execute(new GetEffectivePolicies(userName));
  }
}
