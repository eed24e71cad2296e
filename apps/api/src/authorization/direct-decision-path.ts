import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RequestHandler } from 'express';
import type { ServiceMetrics } from '../ops/metrics.js';
import { mapError } from '../http/error-body.js';
import { RequestAuthorization } from '../http/request-authorization.js';
import { AuthorizeController, AUTHORIZE_PERMISSION } from './authorize.http.controller.js';

type Decide = (body: unknown, minPosition?: string) => Promise<unknown>;

/**
 * `POST /v1/authorize` and `/batch` are the hot path (DESIGN.md "Authorization checks are hot"): they are
 * answered before the framework's router, with the same body limits, the same authentication and
 * authorization (RequestAuthorization), the same controller logic and the same error model — only the
 * router and interceptor chain are skipped. Every other request goes to Express as usual.
 */
export function installDirectDecisionPath(
  app: NestExpressApplication,
  parsers: { single: RequestHandler; batch: RequestHandler },
  metrics: ServiceMetrics,
): void {
  const server = app.getHttpServer() as Server;
  const express = app.getHttpAdapter().getInstance() as (req: IncomingMessage, res: ServerResponse) => void;
  const authorization = app.get(RequestAuthorization);
  const controller = app.get(AuthorizeController);
  const routes = new Map<string, { parse: RequestHandler; decide: Decide }>([
    ['/v1/authorize', { parse: parsers.single, decide: (b, p) => controller.authorize(b, p) }],
    ['/v1/authorize/batch', { parse: parsers.batch, decide: (b, p) => controller.batch(b, p) }],
  ]);
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const route = req.method === 'POST' ? routes.get(pathOf(req.url)) : undefined;
    if (!route) return express(req, res);
    void answer(req, res, route, pathOf(req.url));
  });

  async function answer(
    req: IncomingMessage,
    res: ServerResponse,
    route: { parse: RequestHandler; decide: Decide },
    path: string,
  ) {
    const started = performance.now();
    const requestId = randomUUID();
    let status = 200;
    let body: unknown;
    try {
      await new Promise<void>((resolve, reject) =>
        route.parse(req as never, res as never, (error?: unknown) => (error ? reject(error) : resolve())),
      );
      await authorization.check(AUTHORIZE_PERMISSION, {
        authorization: header(req, 'authorization'),
        minPosition: header(req, 'ledger-min-position'),
        params: {},
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, ''),
        secure: false,
      });
      body = await route.decide((req as { body?: unknown }).body, header(req, 'ledger-min-position'));
    } catch (error) {
      const mapped = mapError(error);
      status = mapped.status;
      body = { error: { code: mapped.code, message: mapped.message, requestId } };
    }
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'x-request-id': requestId,
    });
    res.end(text);
    metrics.httpDuration.observe(
      { method: 'POST', route: path, status: String(status) },
      (performance.now() - started) / 1000,
    );
  }
}

const pathOf = (url = '') => {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};
