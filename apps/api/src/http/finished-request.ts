import type { Logger } from '#runtime';
import type { ServiceMetrics } from '../ops/metrics.js';

export interface FinishedRequest {
  requestId: string;
  method: string;
  route: string;
  status: number;
  /** `performance.now()` when the request came in. */
  startedAt: number;
}

/** Every answered request, through Express or a direct route: its latency observed and one `request` line. */
export function recordFinishedRequest(metrics: ServiceMetrics, log: Logger, request: FinishedRequest): void {
  const seconds = (performance.now() - request.startedAt) / 1000;
  metrics.httpDurationOf(request.method, request.route, request.status).observe(seconds);
  log.info(
    {
      requestId: request.requestId,
      method: request.method,
      route: request.route,
      status: request.status,
      ms: Math.round(seconds * 1000),
    },
    'request',
  );
}
