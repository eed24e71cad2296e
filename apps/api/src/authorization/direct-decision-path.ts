import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { RequestHandler } from 'express';
import type { ServiceMetrics } from '../ops/metrics.js';
import { mapError } from '../http/error-body.js';
import { readPlainJson } from '../http/plain-json-body.js';
import { RequestAuthorization } from '../http/request-authorization.js';
import { AuthorizeController, AUTHORIZE_PERMISSION } from './authorize.http.controller.js';

type Decide = (body: unknown, minPosition?: string) => Promise<unknown>;
interface BodyReader {
  parse: RequestHandler;
  limit: number;
}
interface Route {
  body: BodyReader;
  decide: Decide;
}

/**
 * `POST /v1/authorize` and `/batch` are the hot path (DESIGN.md "Authorization checks are hot"): they are
 * answered before the framework's router, with the same body limits, the same authentication and
 * authorization (RequestAuthorization), the same controller logic and the same error model — only the
 * router and interceptor chain are skipped. Every other request goes to Express as usual.
 */
export function installDirectDecisionPath(
  app: NestExpressApplication,
  parsers: { single: BodyReader; batch: BodyReader },
  metrics: ServiceMetrics,
): void {
  const server = app.getHttpServer() as Server;
  const express = app.getHttpAdapter().getInstance() as (req: IncomingMessage, res: ServerResponse) => void;
  const authorization = app.get(RequestAuthorization);
  const controller = app.get(AuthorizeController);
  const routes = new Map<string, Route>([
    ['/v1/authorize', { body: parsers.single, decide: (b, p) => controller.authorize(b, p) }],
    ['/v1/authorize/batch', { body: parsers.batch, decide: (b, p) => controller.batch(b, p) }],
  ]);
  // One labelled histogram child per route and status: labelling on each observation costs more.
  const durations = new Map<string, { observe(seconds: number): void }>();
  const durationOf = (path: string, status: number) => {
    const key = `${path} ${status}`;
    const known = durations.get(key);
    if (known) return known;
    const child = metrics.httpDuration.labels({ method: 'POST', route: path, status: String(status) });
    durations.set(key, child);
    return child;
  };
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = pathOf(req.url);
    const route = req.method === 'POST' ? routes.get(path) : undefined;
    if (!route) return express(req, res);
    void answer(req, res, route, path);
  });

  async function answer(req: IncomingMessage, res: ServerResponse, route: Route, path: string) {
    const started = performance.now();
    const requestId = randomUUID();
    let status = 200;
    let body: unknown;
    try {
      const input = await (readPlainJson(req, route.body.limit) ?? parseWith(route.body.parse, req, res));
      await authorization.check(AUTHORIZE_PERMISSION, {
        authorization: header(req, 'authorization'),
        minPosition: header(req, 'ledger-min-position'),
        params: {},
        // Read only when a policy is evaluated (never for the root): the peer address is a system call.
        get sourceIp() {
          return req.socket.remoteAddress?.replace(/^::ffff:/, '');
        },
        secure: false,
      });
      body = await route.decide(input, header(req, 'ledger-min-position'));
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
    durationOf(path, status).observe((performance.now() - started) / 1000);
  }
}

/** body-parser, for every body the plain reader leaves to it. */
function parseWith(parse: RequestHandler, req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  return new Promise((resolve, reject) =>
    parse(req as never, res as never, (error?: unknown) =>
      error ? reject(error) : resolve((req as { body?: unknown }).body),
    ),
  );
}

const pathOf = (url = '') => {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};
