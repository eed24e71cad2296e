import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { arn, DomainError } from '#common';
import { AccountContext } from '../runtime/account-context.js';
import { contextOf } from './request-context.js';
import { PUBLIC_ROUTE, RAM_ACTION, type RoutePermission } from './route-permission.js';

const invalidCredentials = () =>
  new DomainError('InvalidCredentials', 'The credentials are missing or not valid', 401);

/**
 * Authenticates every non-public route and authorizes it by its RAM action. The root (bootstrap) may do
 * everything; RAM users and role sessions are checked by the policy engine (identity issue).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly account: AccountContext,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    const controller = context.getClass();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [handler, controller])) return true;
    const permission = this.reflector.getAllAndOverride<RoutePermission>(RAM_ACTION, [handler, controller]);
    // A route without a declared permission is a programming error: fail closed.
    if (!permission) throw new DomainError('NoPermission', 'The route has no declared permission', 403);
    const req = context.switchToHttp().getRequest<Request>();
    const header = req.header('authorization') ?? '';
    const bearer = /^Bearer ([\x21-\x7e]{1,4096})$/.exec(header)?.[1];
    if (bearer && this.account.root.matches(bearer)) {
      contextOf(req).caller = { kind: 'root', arn: arn.root(this.account.accountId) };
      return true;
    }
    throw invalidCredentials();
  }
}
