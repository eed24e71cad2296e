import type { Request } from 'express';
import type { CommandMetadata } from '#common';
import { contextOf } from './request-context.js';

/** Builds a command's metadata from the request: who, when, and the request's tracing ids. */
export function commandMeta(req: Request, accountId: string): CommandMetadata {
  const ctx = contextOf(req);
  return {
    now: new Date(),
    accountId,
    actorArn: ctx.caller?.arn ?? 'anonymous',
    requestId: ctx.requestId,
    correlationId: ctx.correlationId,
    ...(ctx.correlationId !== ctx.requestId && { causationId: ctx.correlationId }),
    ...(ctx.sourceIp !== undefined && { sourceIp: ctx.sourceIp }),
  };
}
