import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { ServiceMetrics } from '../ops/metrics.js';
import type { Logger } from '#runtime';
import {
  type BodyReader,
  type DirectRoute,
  failureAnswer,
  requestHeader as header,
  writeJson,
} from '../http/direct-routes.js';
import { RequestAuthorization } from '../http/request-authorization.js';
import { peerAddress } from '../http/request-context.js';
import { AuthorizeController, AUTHORIZE_PERMISSION } from './authorize.http.controller.js';
import { batchJson, decisionJson } from './decision-json.js';

type Decide = (body: unknown, minPosition?: string) => unknown;
interface Route {
  body: BodyReader;
  decide: Decide;
  /** The answer's JSON (JSON.stringify's, faster), as text or as its UTF-8 bytes. */
  json: (answer: never) => string | Buffer;
}

/**
 * `POST /v1/authorize` and `/batch`, answered before the framework's router (installDirectRoutes): the same
 * body limits, the same authentication and authorization (RequestAuthorization), the same controller logic
 * and the same error model — only the router and interceptor chain are skipped.
 */
export function decisionRoutes(
  app: INestApplication,
  bodies: { single: BodyReader; batch: BodyReader },
  metrics: ServiceMetrics,
  log: Logger,
): DirectRoute {
  const authorization = app.get(RequestAuthorization);
  const controller = app.get(AuthorizeController);
  const routes = new Map<string, Route>([
    [
      '/v1/authorize',
      { body: bodies.single, decide: (b, p) => controller.authorize(b, p), json: decisionJson },
    ],
    [
      '/v1/authorize/batch',
      { body: bodies.batch, decide: (b, p) => controller.batch(b, p), json: batchJson },
    ],
  ]);
  async function answer(req: IncomingMessage, res: ServerResponse, route: Route, path: string) {
    const started = performance.now();
    const requestId = randomUUID();
    let status = 200;
    let body: unknown;
    try {
      const input = await route.body(req, res);
      await authorization.check(AUTHORIZE_PERMISSION, {
        authorization: header(req, 'authorization'),
        minPosition: header(req, 'ledger-min-position'),
        params: {},
        // A value, not a getter: a getter in a literal gives each request's object a map of its own, and those
        // maps (old space) kept every request's objects alive into old space (GC time 8x the bare server's).
        sourceIp: peerAddress(req),
        secure: false,
      });
      const decided = route.decide(input, header(req, 'ledger-min-position'));
      body = decided instanceof Promise ? await decided : decided; // most decisions are made at once
    } catch (error) {
      ({ status, body } = failureAnswer(error, requestId, log));
    }
    const json = status === 200 ? route.json(body as never) : JSON.stringify(body);
    writeJson(res, status, json, ['x-request-id', requestId]);
    // Latency only, no `request` log line (recordFinishedRequest): at tens of thousands of decisions a second
    // the line would cost more than the decision.
    metrics.httpDurationOf('POST', path, status).observe((performance.now() - started) / 1000);
  }

  return (req, res) => {
    if (req.method !== 'POST') return false;
    const path = pathOf(req.url);
    const route = routes.get(path);
    if (!route) return false;
    void answer(req, res, route, path);
    return true;
  };
}

const pathOf = (url = '') => {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};
