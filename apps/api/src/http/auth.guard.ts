import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '#common';
import { AccountContext } from '../runtime/account-context.js';
import { AUTHENTICATORS, AUTHORIZER, type Authenticator, type Authorizer, type Caller } from './caller.js';
import { ConsistencyService } from './consistency.service.js';
import { contextOf } from './request-context.js';
import { PUBLIC_ROUTE, RAM_ACTION, resourceArn, type RoutePermission } from './route-permission.js';
import { LEDGER_MIN_POSITION } from './write-result.js';

const invalidCredentials = () =>
  new DomainError('InvalidCredentials', 'The credentials are missing or not valid', 401);
const HEADER = /^(Bearer|AccessKey) ([\x21-\x7e]{1,8192})$/;

/**
 * Authenticates every non-public route, then authorizes its RAM action on its resource with the service's
 * own policy engine (the root may do everything; nobody else gets anything not granted by a policy).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly account: AccountContext,
    @Inject(AUTHENTICATORS) private readonly authenticators: Authenticator[],
    @Inject(AUTHORIZER) private readonly authorizer: Authorizer,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const permission = this.reflector.getAllAndOverride<RoutePermission>(RAM_ACTION, targets);
    // A route without a declared permission is a programming error: fail closed.
    if (!permission) throw new DomainError('NoPermission', 'The route has no declared permission', 403);
    const req = context.switchToHttp().getRequest<Request>();
    const ctx = contextOf(req);
    const caller = await this.authenticate(req.header('authorization'));
    ctx.caller = caller;
    const resource = resourceArn(
      permission.resource,
      this.account.accountId,
      req.params as Record<string, string>,
    );
    const allowed = await this.authorizer.isAllowed({
      caller,
      action: permission.action,
      resource,
      context: requestContext(caller, ctx.sourceIp, req.secure),
      minPosition: ConsistencyService.parse(req.header(LEDGER_MIN_POSITION)),
    });
    if (!allowed) {
      throw new DomainError(
        'NoPermission',
        `You are not authorized to do ${permission.action} on ${resource}`,
        403,
      );
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<Caller> {
    const match = header ? HEADER.exec(header) : null;
    if (!match) throw invalidCredentials();
    const [, scheme, credential] = match;
    for (const authenticator of this.authenticators) {
      if (authenticator.scheme !== scheme) continue;
      const caller = await authenticator.authenticate(credential);
      if (caller) return caller;
    }
    throw invalidCredentials();
  }
}

/** The condition keys the service fills in itself; a caller cannot supply them. */
function requestContext(caller: Caller, sourceIp: string | undefined, secure: boolean) {
  return {
    'acs:PrincipalARN': caller.arn,
    'acs:MFAPresent': String(caller.mfaPresent),
    'acs:SecureTransport': String(secure),
    'acs:CurrentTime': new Date().toISOString(),
    ...(sourceIp !== undefined && { 'acs:SourceIp': sourceIp }),
  };
}
