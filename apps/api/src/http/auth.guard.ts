import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '#common';
import { contextOf } from './request-context.js';
import { RequestAuthorization } from './request-authorization.js';
import { PUBLIC_ROUTE, RAM_ACTION, type RoutePermission } from './route-permission.js';
import { LEDGER_MIN_POSITION } from './write-result.js';

/**
 * Authenticates every non-public route, then authorizes its RAM action on its resource with the service's
 * own policy engine (the root may do everything; nobody else gets anything not granted by a policy).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(RequestAuthorization) private readonly authorization: RequestAuthorization,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const permission = this.reflector.getAllAndOverride<RoutePermission>(RAM_ACTION, targets);
    // A route without a declared permission is a programming error: fail closed.
    if (!permission) throw new DomainError('NoPermission', 'The route has no declared permission', 403);
    const req = context.switchToHttp().getRequest<Request>();
    const ctx = contextOf(req);
    ctx.caller = await this.authorization.check(permission, {
      authorization: req.header('authorization'),
      minPosition: req.header(LEDGER_MIN_POSITION),
      params: req.params as Record<string, string>,
      sourceIp: ctx.sourceIp,
      secure: req.secure,
    });
    return true;
  }
}
