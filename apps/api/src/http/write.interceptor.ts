import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { invalidParameter } from '#common';
import { IdempotencyStore, requestHash } from './idempotency.store.js';
import { contextOf } from './request-context.js';
import { LEDGER_POSITION, Written } from './write-result.js';

const KEY = /^[\x21-\x7e]{1,128}$/;

/**
 * For writes: turns a `Written` result into its body plus the `Ledger-Position` header, and makes POSTs
 * idempotent under an `Idempotency-Key` (replay the first response; a different body is a 409).
 */
@Injectable()
export class WriteInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = req.header('idempotency-key');
    if (req.method !== 'POST' || key === undefined) return from(this.run(next, res));
    if (!KEY.test(key))
      throw invalidParameter('IdempotencyKey', 'Idempotency-Key must be 1-128 printable characters');
    const statusCode =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? 201;
    return from(this.runOnce(next, req, res, key, statusCode));
  }

  private async run(next: CallHandler, res: Response): Promise<unknown> {
    const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
    if (!(result instanceof Written)) return result;
    res.setHeader(LEDGER_POSITION, String(result.position));
    return result.body;
  }

  private async runOnce(
    next: CallHandler,
    req: Request,
    res: Response,
    key: string,
    statusCode: number,
  ): Promise<unknown> {
    const actor = contextOf(req).caller?.arn ?? 'anonymous';
    const earlier = await this.idempotency.claim(actor, key, requestHash(req.method, req.path, req.body));
    if (earlier) {
      res.status(earlier.statusCode);
      if (earlier.position !== null) res.setHeader(LEDGER_POSITION, String(earlier.position));
      return earlier.body;
    }
    try {
      const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      const written = result instanceof Written ? result : undefined;
      const body = written ? written.body : result;
      // A secret shown once (AccessKey secret, MFA seed) is never kept for replays.
      await this.idempotency.complete(actor, key, {
        statusCode,
        body: written?.replayBody ?? body,
        position: written?.position ?? null,
      });
      if (written) res.setHeader(LEDGER_POSITION, String(written.position));
      return body;
    } catch (error) {
      // Nothing was written: free the key so the client may retry the same request.
      await this.idempotency.release(actor, key);
      throw error;
    }
  }
}
