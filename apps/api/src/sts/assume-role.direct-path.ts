import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { INestApplication } from '@nestjs/common';
import type { Request } from 'express';
import type { Logger } from '#runtime';
import {
  type DirectRoute,
  failureAnswer,
  requestHeader as header,
  writeJson,
} from '../http/direct-routes.js';
import type { ServiceMetrics } from '../ops/metrics.js';
import { AccountContext } from '../runtime/account-context.js';
import { commandMeta } from '../http/command-meta.js';
import { ConsistencyService } from '../http/consistency.service.js';
import { attachContext } from '../http/request-context.js';
import { recordFinishedRequest } from '../http/finished-request.js';
import { RequestAuthorization } from '../http/request-authorization.js';
import { LEDGER_MIN_POSITION, LEDGER_POSITION } from '../http/write-result.js';
import { ASSUME_ROLE_PERMISSION, AssumeRoleEndpoint } from './assume-role.endpoint.js';

export const ASSUME_ROLE_PATH = '/v1/sts/assume-role';

export interface AssumeRoleDirectPathDependencies {
  log: Logger;
  metrics: ServiceMetrics;
  /** The body as Express's JSON parser of every other route reads it (same limit, same errors). */
  readBody(req: IncomingMessage, res: ServerResponse): Promise<unknown>;
}

/**
 * `POST /v1/sts/assume-role` answered before the framework's router and interceptor chain, as the decision
 * endpoints are: the same body parser, the same authentication (RequestAuthorization with the route's
 * permission), the same handler logic (AssumeRoleEndpoint: body, root refusal, `sts:AssumeRole`, the
 * command), the same `Ledger-Min-Position` wait (ConsistencyService, then the permission state), the same
 * error model and 5xx log, the same `x-request-id`, `Ledger-Position`, metrics and request log line. Only
 * the router and the interceptor chain are skipped, and a caller's AccessKey read here before is confirmed
 * by the session's write instead of read again (`AuthenticateOptions.confirmedByWrite`). A request with an
 * `Idempotency-Key` (the write interceptor's) or a query string goes to Express, and so does every other
 * route.
 */
export function assumeRoleDirectPath(
  app: INestApplication,
  deps: AssumeRoleDirectPathDependencies,
): DirectRoute {
  const authorization = app.get(RequestAuthorization);
  const endpoint = app.get(AssumeRoleEndpoint);
  const consistency = app.get(ConsistencyService);
  const { accountId } = app.get(AccountContext);
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The request as the shared helpers read it (request id, correlation id, source IP, then the caller).
    const view = { header: (name: string) => header(req, name), socket: req.socket } as unknown as Request;
    const ctx = attachContext(view);
    const secure = (req.socket as TLSSocket).encrypted === true;
    let status = 200;
    let body: unknown;
    let position: number | undefined;
    try {
      const input = await deps.readBody(req, res);
      const minPosition = header(req, LEDGER_MIN_POSITION);
      ctx.caller = await authorization.check(ASSUME_ROLE_PERMISSION, {
        authorization: header(req, 'authorization'),
        minPosition,
        params: {},
        sourceIp: ctx.sourceIp,
        secure,
        // The session's write confirms an AccessKey in its own statement (record-assumptions.ts).
        confirmedByWrite: true,
      });
      // As the consistency interceptor: the read models first reach the position the client asked for.
      const awaited = ConsistencyService.parse(minPosition);
      if (awaited !== undefined) await consistency.waitFor(awaited);
      const written = await endpoint.assume(
        input,
        ctx.caller,
        { minPosition, sourceIp: ctx.sourceIp, secure },
        commandMeta(view, accountId),
      );
      body = written.body;
      position = written.position;
    } catch (error) {
      ({ status, body } = failureAnswer(error, ctx.requestId, deps.log));
    }
    writeJson(res, status, JSON.stringify(body), [
      'x-request-id',
      ctx.requestId,
      ...(position !== undefined ? [LEDGER_POSITION, String(position)] : []),
    ]);
    recordFinishedRequest(deps.metrics, deps.log, {
      requestId: ctx.requestId,
      method: 'POST',
      route: ASSUME_ROLE_PATH,
      status,
      startedAt: ctx.startedAt,
    });
  }

  return (req, res) => {
    if (req.method !== 'POST' || req.url !== ASSUME_ROLE_PATH || req.headers['idempotency-key'] !== undefined)
      return false;
    void answer(req, res);
    return true;
  };
}
