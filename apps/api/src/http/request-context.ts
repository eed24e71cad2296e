import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';

import type { Caller } from './caller.js';

export interface RequestContext {
  requestId: string;
  correlationId: string;
  sourceIp?: string;
  startedAt: number;
  caller?: Caller;
}

const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export type LedgerRequest = Request & { ctx: RequestContext };

export function attachContext(req: Request): RequestContext {
  const requestId = randomUUID();
  const offered = req.header('x-correlation-id');
  const ctx: RequestContext = {
    requestId,
    correlationId: offered && CORRELATION_ID.test(offered) ? offered : requestId,
    sourceIp: peerAddress(req),
    startedAt: performance.now(),
  };
  (req as LedgerRequest).ctx = ctx;
  return ctx;
}

/** The client's address, IPv4 without its IPv6-mapped prefix (the socket keeps it after the first read). */
export function peerAddress(req: IncomingMessage): string | undefined {
  return req.socket.remoteAddress?.replace(/^::ffff:/, '');
}

export function contextOf(req: Request): RequestContext {
  return (req as LedgerRequest).ctx ?? attachContext(req);
}
