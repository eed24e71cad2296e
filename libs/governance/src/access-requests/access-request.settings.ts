import { DomainError } from '#common';
import type { SubmissionRules } from './domain/access-request.decider.js';

/** How access requests are governed in this deployment (README "Configuration"). */
export interface AccessRequestSettings extends SubmissionRules {
  defaultDurationSeconds: number;
  /** Approvals needed for an ordinary target. */
  requiredApprovals: number;
  /** Approvals needed when the target carries administrative or RAM-write permissions. */
  privilegedApprovals: number;
}

export const ACCESS_REQUEST_SETTINGS = Symbol('ACCESS_REQUEST_SETTINGS');

const MAX_DURATION = 1_209_600;

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DomainError('InvalidConfiguration', `${name} must be an integer from ${min} to ${max}`, 400);
  }
  return value;
}

/** From the environment; unset values take the defaults (14 days, 7 days, 1 and 2 approvals). */
export function accessRequestSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): AccessRequestSettings {
  const maxDurationSeconds = integer(
    env,
    'ACCESS_REQUEST_MAX_DURATION_SECONDS',
    MAX_DURATION,
    1,
    MAX_DURATION,
  );
  return {
    maxDurationSeconds,
    defaultDurationSeconds: Math.min(3600, maxDurationSeconds),
    justificationPattern: new RegExp(env.ACCESS_REQUEST_JUSTIFICATION_PATTERN?.trim() || '\\S'),
    pendingExpirySeconds: integer(env, 'ACCESS_REQUEST_PENDING_EXPIRY_SECONDS', 7 * 86_400, 1, 365 * 86_400),
    requiredApprovals: integer(env, 'ACCESS_REQUEST_REQUIRED_APPROVALS', 1, 1, 10),
    privilegedApprovals: integer(env, 'ACCESS_REQUEST_PRIVILEGED_APPROVALS', 2, 1, 10),
  };
}
