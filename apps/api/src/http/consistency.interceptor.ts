import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { from, type Observable, switchMap } from 'rxjs';
import { ConsistencyService } from './consistency.service.js';
import { LEDGER_MIN_POSITION } from './write-result.js';

const SKIP_READ_MODEL_WAIT = 'access-ledger:skip-read-model-wait';

/** For routes answered from the in-memory permission state, which waits for positions itself. */
export const SkipReadModelWait = () => SetMetadata(SKIP_READ_MODEL_WAIT, true);

/** Holds a read until the read models reached the position the client asked for. */
@Injectable()
export class ConsistencyInterceptor implements NestInterceptor {
  constructor(
    private readonly consistency: ConsistencyService,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.reflector.get<boolean>(SKIP_READ_MODEL_WAIT, context.getHandler())) return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const position = ConsistencyService.parse(req.header(LEDGER_MIN_POSITION));
    if (position === undefined) return next.handle();
    return from(this.consistency.waitFor(position)).pipe(switchMap(() => next.handle()));
  }
}
