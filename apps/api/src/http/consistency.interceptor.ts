import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { from, type Observable, switchMap } from 'rxjs';
import { ConsistencyService } from './consistency.service.js';
import { LEDGER_MIN_POSITION } from './write-result.js';

/** Holds a read until the read models reached the position the client asked for. */
@Injectable()
export class ConsistencyInterceptor implements NestInterceptor {
  constructor(private readonly consistency: ConsistencyService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const position = ConsistencyService.parse(req.header(LEDGER_MIN_POSITION));
    if (position === undefined) return next.handle();
    return from(this.consistency.waitFor(position)).pipe(switchMap(() => next.handle()));
  }
}
