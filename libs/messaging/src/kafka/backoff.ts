import { setTimeout as delay } from 'node:timers/promises';

/** Exponential backoff with jitter, bounded by `maxMs`. */
export interface BackoffOptions {
  /** First delay (ms). Default 100. */
  initialMs?: number;
  /** Largest delay (ms). Default 5000. */
  maxMs?: number;
  /** Growth per attempt. Default 2. */
  multiplier?: number;
  /** Random spread, as a fraction of the delay (0..1). Default 0.2. */
  jitter?: number;
}

/** The delay before retry number `attempt` (1-based). */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const initial = options.initialMs ?? 100;
  const max = options.maxMs ?? 5000;
  const multiplier = options.multiplier ?? 2;
  const jitter = Math.min(Math.max(options.jitter ?? 0.2, 0), 1);
  const base = Math.min(max, initial * multiplier ** Math.max(0, attempt - 1));
  const spread = base * jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(max, base + spread)));
}

/** Sleeps `ms`; resolves early (without throwing) when `signal` aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return;
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    if ((error as { name?: string }).name !== 'AbortError') throw error;
  }
}
