import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import { type ApiModuleDependencies, ApiModule } from './api.module.js';
import { mountOpenApi } from './openapi.js';
import { decisionRoutes } from './authorization/direct-decision-path.js';
import { installDirectRoutes, jsonBodyReader } from './http/direct-routes.js';
import { assumeRoleDirectPath } from './sts/assume-role.direct-path.js';
import { attachContext } from './http/request-context.js';
import { recordFinishedRequest } from './http/finished-request.js';

export const MAX_BODY = 64 * 1024;
export const MAX_BATCH_BODY = 1024 * 1024;

/** Builds the HTTP application (not yet listening). */
export async function createApiApp(deps: ApiModuleDependencies): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    ApiModule.register(deps),
    new ExpressAdapter(),
    {
      bodyParser: false,
      logger: false,
      abortOnError: false,
    },
  );
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const ctx = attachContext(req);
    res.setHeader('x-request-id', ctx.requestId);
    res.on('finish', () =>
      recordFinishedRequest(deps.metrics, deps.log, {
        requestId: ctx.requestId,
        method: req.method,
        route: (req.route as { path?: string } | undefined)?.path ?? 'unmatched',
        status: res.statusCode,
        startedAt: ctx.startedAt,
      }),
    );
    next();
  });
  const json = (limit: number) =>
    express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] });
  // A batch of up to 1000 checks does not fit in 64 KiB; every other body does.
  const single = json(MAX_BODY);
  const batch = json(MAX_BATCH_BODY);
  app.use('/v1/authorize/batch', batch);
  app.use(single);
  mountOpenApi(app);
  await app.init();
  const bodies = { single: jsonBodyReader(single, MAX_BODY), batch: jsonBodyReader(batch, MAX_BATCH_BODY) };
  installDirectRoutes(app, [
    decisionRoutes(app, bodies, deps.metrics, deps.log),
    assumeRoleDirectPath(app, { log: deps.log, metrics: deps.metrics, readBody: bodies.single }),
  ]);
  return app;
}
