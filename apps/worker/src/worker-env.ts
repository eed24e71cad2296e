import { ConfigError } from '#runtime';
import type { ConsumerTiming } from './worker.js';

const SETTINGS = {
  KAFKA_SESSION_TIMEOUT_MS: 'sessionTimeoutMs',
  KAFKA_REBALANCE_TIMEOUT_MS: 'rebalanceTimeoutMs',
  KAFKA_HEARTBEAT_INTERVAL_MS: 'heartbeatIntervalMs',
} as const;

/** Optional consumer-group timing from the environment; unset values keep the subscription's defaults. */
export function consumerTimingFromEnv(env: NodeJS.ProcessEnv = process.env): ConsumerTiming {
  const timing: ConsumerTiming = {};
  for (const [name, option] of Object.entries(SETTINGS)) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 100)
      throw new ConfigError(`${name} must be an integer of at least 100`);
    timing[option] = value;
  }
  if (timing.sessionTimeoutMs !== undefined && timing.heartbeatIntervalMs === undefined) {
    timing.heartbeatIntervalMs = Math.min(3000, Math.floor(timing.sessionTimeoutMs / 3));
  }
  return timing;
}
