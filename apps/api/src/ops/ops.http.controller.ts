import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../http/route-permission.js';
import { ServiceMetrics } from './metrics.js';
import { ReadinessChecks } from './readiness.js';

@ApiTags('operations')
@Controller()
@Public()
export class OpsController {
  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly checks: ReadinessChecks,
  ) {}

  @Get('health')
  health() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const results: Record<string, { ok: boolean; detail?: string | number }> = {};
    for (const check of this.checks.list) {
      try {
        results[check.name] = await check.check();
      } catch {
        // Never echo driver errors here: this route is public.
        results[check.name] = { ok: false, detail: 'unavailable' };
      }
    }
    const ok = Object.values(results).every((r) => r.ok);
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ready' : 'not-ready', checks: results };
  }

  @Get('metrics')
  @ApiExcludeEndpoint()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() res: Response) {
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.send(await this.metrics.registry.metrics());
  }
}
