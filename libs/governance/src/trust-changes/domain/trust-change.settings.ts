import type { RiskLevel } from '#identity';

/** How many distinct reviewers each risk level needs, and how long a proposal stays open. */
export interface TrustChangeSettings {
  requiredApprovals: Record<RiskLevel, number>;
  expirySeconds: number;
}

export const DEFAULT_TRUST_CHANGE_SETTINGS: TrustChangeSettings = {
  requiredApprovals: { critical: 2, high: 2, low: 1 },
  expirySeconds: 7 * 24 * 3600,
};

/**
 * Reads `TRUST_CHANGE_APPROVALS_CRITICAL`, `..._HIGH`, `..._LOW` (1-10) and `TRUST_CHANGE_EXPIRY_SECONDS`
 * (1 s to 90 days); anything unset or out of range keeps the default (docs/trust-changes.md).
 */
export function trustChangeSettings(env: Record<string, string | undefined>): TrustChangeSettings {
  const read = (name: string, fallback: number, max: number) => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isInteger(value) && value >= 1 && value <= max
      ? value
      : fallback;
  };
  const defaults = DEFAULT_TRUST_CHANGE_SETTINGS;
  return {
    requiredApprovals: {
      critical: read('TRUST_CHANGE_APPROVALS_CRITICAL', defaults.requiredApprovals.critical, 10),
      high: read('TRUST_CHANGE_APPROVALS_HIGH', defaults.requiredApprovals.high, 10),
      low: read('TRUST_CHANGE_APPROVALS_LOW', defaults.requiredApprovals.low, 10),
    },
    expirySeconds: read('TRUST_CHANGE_EXPIRY_SECONDS', defaults.expirySeconds, 90 * 24 * 3600),
  };
}
