import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from '#runtime';
import { contextOf } from './request-context.js';
import { type ErrorBody, mapError } from './error-body.js';

@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(private readonly log: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const ctx = contextOf(req);
    const mapped = mapError(error);
    if (mapped.status >= 500) {
      // Only the error's class and message: a stack or driver detail could carry SQL or parameters.
      this.log.error({ requestId: ctx.requestId, err: describeFailure(error) }, 'request failed');
    }
    if (res.headersSent) return;
    const body: ErrorBody = {
      error: { code: mapped.code, message: mapped.message, requestId: ctx.requestId },
    };
    res.status(mapped.status).json(body);
  }
}

/** A failure as the logs may show it: only its class and message, never a stack or parameters. */
export function describeFailure(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message.slice(0, 500) };
  return { name: typeof error, message: 'non-error thrown' };
}
