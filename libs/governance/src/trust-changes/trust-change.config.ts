import type { TrustChangeSettings } from './domain/trust-change.settings.js';

/** Injection token of the deployment's TrustChangeSettings (approvals per risk level, expiry). */
export const TRUST_CHANGE_SETTINGS = Symbol('TRUST_CHANGE_SETTINGS');

export type { TrustChangeSettings };
