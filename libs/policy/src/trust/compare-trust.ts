import { listMatches } from '../evaluate/evaluate.js';
import type { TrustPolicyDocument } from '../model/policy-document.js';

export type TrustPrincipalType = 'RAM' | 'Service' | 'Federated';

export interface TrustedPrincipal {
  readonly type: TrustPrincipalType;
  readonly principal: string;
  /** True when every Allow statement naming it carries conditions (e.g. sts:ExternalId). */
  readonly conditional: boolean;
}

export interface TrustComparison {
  readonly addedPrincipals: readonly TrustedPrincipal[];
  readonly removedPrincipals: readonly TrustedPrincipal[];
}

/** The principals each Allow statement trusts to call sts:AssumeRole (Deny statements narrow, never add). */
export function trustedPrincipals(policy: TrustPolicyDocument): TrustedPrincipal[] {
  const found = new Map<string, TrustedPrincipal>();
  for (const statement of policy.statements) {
    if (statement.effect !== 'Allow' || !listMatches(statement.action, 'sts:assumerole', true)) continue;
    const conditional = statement.conditions.length > 0;
    const entries: [TrustPrincipalType, readonly string[]][] = [
      ['RAM', statement.principal.ram],
      ['Service', statement.principal.service],
      ['Federated', statement.principal.federated],
    ];
    for (const [type, principals] of entries) {
      for (const principal of principals) {
        const key = `${type}|${principal.toLowerCase()}`;
        const known = found.get(key);
        found.set(key, { type, principal, conditional: conditional && (known?.conditional ?? true) });
      }
    }
  }
  return [...found.values()];
}

/** Principals trusted by the new policy and not by the old one, and the reverse. */
export function compareTrust(
  oldPolicy: TrustPolicyDocument,
  newPolicy: TrustPolicyDocument,
): TrustComparison {
  const before = trustedPrincipals(oldPolicy);
  const after = trustedPrincipals(newPolicy);
  const key = (p: TrustedPrincipal) => `${p.type}|${p.principal.toLowerCase()}`;
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  return {
    addedPrincipals: after.filter((p) => !beforeKeys.has(key(p))),
    removedPrincipals: before.filter((p) => !afterKeys.has(key(p))),
  };
}
