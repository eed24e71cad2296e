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
  Res,
  type Type,
  UseInterceptors,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { arn, parseBody, parsePageRequest } from '#common';
import { ChangeOwner, ListOwners, type OwnerTargetType } from '#governance';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { RamAction } from '../http/route-permission.js';
import { Written } from '../http/write-result.js';
import { WriteInterceptor } from '../http/write.interceptor.js';

interface OwnedKind {
  targetType: OwnerTargetType;
  path: string;
  /** The target's ARN template; `:name` is the route's target parameter. */
  resource: string;
}

/**
 * Owners of one kind of target: `PUT/DELETE .../owners/{userName}` and `GET .../owners`, authorized as
 * `ram:Add<Kind>Owner`, `ram:Remove<Kind>Owner` and `ram:List<Kind>Owners` on the target's ARN. One class
 * per kind, built from the same definition, so the three cannot drift apart.
 */
function ownersController({ targetType, path, resource }: OwnedKind): Type<unknown> {
  @ApiTags('owners')
  @Controller(path)
  class OwnersController {
    constructor(
      readonly commands: CommandBus,
      readonly queries: QueryBus,
      readonly account: AccountContext,
    ) {}

    @Get()
    @RamAction(`ram:List${targetType}Owners`, resource)
    list(@Param('name') name: string, @Query() query: Record<string, unknown>) {
      return this.queries.execute(new ListOwners(targetType, name, parsePageRequest(query)));
    }

    /** 201 when the user becomes an owner, 200 when already one (nothing is written then). */
    @Put(':userName')
    @UseInterceptors(WriteInterceptor)
    @RamAction(`ram:Add${targetType}Owner`, resource)
    async add(
      @Param('name') name: string,
      @Param('userName') userName: string,
      @Body() body: unknown,
      @Req() req: Request,
      @Res({ passthrough: true }) res: Response,
    ) {
      parseBody(body, {});
      const result = await this.change('AddOwner', name, userName, req);
      res.status(result.changed ? 201 : 200);
      return new Written(this.view(result.value), result.position);
    }

    @Delete(':userName')
    @HttpCode(204)
    @UseInterceptors(WriteInterceptor)
    @RamAction(`ram:Remove${targetType}Owner`, resource)
    async remove(@Param('name') name: string, @Param('userName') userName: string, @Req() req: Request) {
      const result = await this.change('RemoveOwner', name, userName, req);
      return new Written(undefined, result.position);
    }

    private change(change: 'AddOwner' | 'RemoveOwner', name: string, userName: string, req: Request) {
      const meta = commandMeta(req, this.account.accountId);
      return this.commands.execute(new ChangeOwner(change, targetType, name, userName, meta));
    }

    private view(owner: { targetName: string; userName: string; userId: string }) {
      return { ...owner, targetType, arn: arn.user(this.account.accountId, owner.userName) };
    }
  }
  Object.defineProperty(OwnersController, 'name', { value: `${targetType}OwnersController` });
  return OwnersController;
}

export const GroupOwnersController = ownersController({
  targetType: 'Group',
  path: 'v1/groups/:name/owners',
  resource: 'acs:ram::{account}:group/:name',
});
export const RoleOwnersController = ownersController({
  targetType: 'Role',
  path: 'v1/roles/:name/owners',
  resource: 'acs:ram::{account}:role/:name',
});
export const PolicyOwnersController = ownersController({
  targetType: 'Policy',
  path: 'v1/policies/Custom/:name/owners',
  resource: 'acs:ram::{account}:policy/:name',
});
