import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RequestHandler } from 'express';
import type { Logger } from '#runtime';
import { type ErrorBody, mapError } from './error-body.js';
import { describeFailure } from './error.filter.js';
import { readPlainJson } from './plain-json-body.js';

/** Answers a request it takes (true), or leaves it untouched for Express (false). */
export type DirectRoute = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Reads a JSON body as Express's parser of every other route does (same limit, same errors). */
export type BodyReader = (req: IncomingMessage, res: ServerResponse) => Promise<unknown>;

/**
 * The hot routes (DESIGN.md "Authorization checks are hot") are answered before the framework's router and
 * interceptor chain, each with the same authentication, authorization, handler logic and error model as
 * through Express; whatever they do not take goes to Express as usual.
 */
export function installDirectRoutes(app: NestExpressApplication, routes: readonly DirectRoute[]): void {
  const server = app.getHttpServer() as Server;
  const express = app.getHttpAdapter().getInstance() as (req: IncomingMessage, res: ServerResponse) => void;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    for (const route of routes) if (route(req, res)) return;
    express(req, res);
  });
}

/**
 * The plain JSON reader for a body in its common shape, body-parser (`parse`, the route's Express parser)
 * for any other, so that both doors accept and refuse the same bodies.
 */
export function jsonBodyReader(parse: RequestHandler, limit: number): BodyReader {
  return (req, res) =>
    readPlainJson(req, limit) ??
    new Promise((resolve, reject) =>
      parse(req as never, res as never, (error?: unknown) =>
        error ? reject(error) : resolve((req as { body?: unknown }).body),
      ),
    );
}

/** One value of a request header (the first, should it be repeated); `name` in any case. */
export function requestHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** A direct route's answer to a failure: every route's error model, a 5xx logged as the error filter logs it. */
export function failureAnswer(
  error: unknown,
  requestId: string,
  log: Logger,
): { status: number; body: ErrorBody } {
  const mapped = mapError(error);
  if (mapped.status >= 500) log.error({ requestId, err: describeFailure(error) }, 'request failed');
  return {
    status: mapped.status,
    body: { error: { code: mapped.code, message: mapped.message, requestId } },
  };
}

/**
 * Writes a JSON answer, as text (node sends a text body and its header in one chunk) or as UTF-8 bytes that a
 * route built as such (a batch's). The headers go as a flat list, which node takes as it is.
 */
export function writeJson(
  res: ServerResponse,
  status: number,
  json: string | Buffer,
  headers: readonly string[],
): void {
  res.writeHead(status, [
    ...headers,
    'content-type',
    'application/json; charset=utf-8',
    'content-length',
    String(typeof json === 'string' ? Buffer.byteLength(json) : json.length),
  ]);
  res.end(json);
}
