import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError } from '#common';
import type { Caller } from './caller.js';
import { contextOf } from './request-context.js';
import { RequestAuthorization } from './request-authorization.js';
import { LEDGER_MIN_POSITION } from './write-result.js';

/**
 * The second half of a `RamActionCheckedInHandler` route: the guard authenticated the caller; the handler,
 * once it knows the resource (a role ARN from the body, the role of a stored change), checks it here with the
 * same policy engine, context and `Ledger-Min-Position` as the guard would have.
 */
@Injectable()
export class HandlerAuthorization {
  constructor(@Inject(RequestAuthorization) private readonly authorization: RequestAuthorization) {}

  /** The authenticated caller of the request, once it may do `action` on `resource`. */
  async require(req: Request, action: string, resource: string): Promise<Caller> {
    const caller = HandlerAuthorization.caller(req);
    await this.authorization.require(caller, action, resource, {
      minPosition: req.header(LEDGER_MIN_POSITION),
      sourceIp: contextOf(req).sourceIp,
      secure: req.secure,
    });
    return caller;
  }

  /** The authenticated caller (the guard has run); fails closed if it has not. */
  static caller(req: Request): Caller {
    const caller = contextOf(req).caller;
    if (!caller) throw new DomainError('InvalidCredentials', 'The credentials are missing or not valid', 401);
    return caller;
  }
}
