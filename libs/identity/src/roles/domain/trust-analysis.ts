import { compareTrust, parseRamPrincipalArn, type TrustedPrincipal, type TrustPolicyDocument } from '#policy';

export type RiskLevel = 'low' | 'high' | 'critical';

export interface TrustFinding {
  code: string;
  message: string;
}

export interface TrustPrincipalRef {
  type: 'RAM' | 'Service' | 'Federated';
  principal: string;
}

export interface TrustAnalysis {
  riskLevel: RiskLevel;
  addedPrincipals: TrustPrincipalRef[];
  removedPrincipals: TrustPrincipalRef[];
  findings: TrustFinding[];
}

const EMPTY_TRUST: TrustPolicyDocument = { version: '1', statements: [] };
const RANK: Record<RiskLevel, number> = { low: 0, high: 1, critical: 2 };

/**
 * What a trust policy (new, or changed from `before`) opens: who is added or removed and how risky that is.
 * `critical`: a wildcard principal, or another account's root without an `sts:ExternalId` condition;
 * `high`: any other cross-account trust, or any new principal of a role with administrative or RAM-write power;
 * `low` otherwise (DESIGN.md "Governance rules").
 */
export function analyzeTrust(input: {
  accountId: string;
  before?: TrustPolicyDocument;
  after: TrustPolicyDocument;
  rolePrivileged: boolean;
}): TrustAnalysis {
  const { addedPrincipals, removedPrincipals } = compareTrust(input.before ?? EMPTY_TRUST, input.after);
  const findings: TrustFinding[] = [];
  let risk: RiskLevel = 'low';
  const raise = (level: RiskLevel, code: string, message: string) => {
    findings.push({ code, message });
    if (RANK[level] > RANK[risk]) risk = level;
  };
  for (const added of addedPrincipals) {
    const [level, code, message] = classify(added, input.accountId, input.after, input.rolePrivileged);
    raise(level, code, message);
  }
  for (const removed of removedPrincipals) {
    raise('low', 'PrincipalRemoved', `${removed.principal} can no longer assume the role`);
  }
  return {
    riskLevel: risk,
    addedPrincipals: addedPrincipals.map(ref),
    removedPrincipals: removedPrincipals.map(ref),
    findings,
  };
}

function classify(
  added: TrustedPrincipal,
  accountId: string,
  after: TrustPolicyDocument,
  rolePrivileged: boolean,
): [RiskLevel, string, string] {
  const name = added.principal;
  if (added.type === 'RAM') {
    if (name === '*')
      return ['critical', 'WildcardPrincipal', 'Every RAM principal of every account may assume the role'];
    const account = accountOf(name);
    if (account !== undefined && account !== accountId) {
      const wholeAccount = /^\d+$/.test(name) || name.endsWith(':root');
      if (wholeAccount && !requiresExternalId(after, name)) {
        return [
          'critical',
          'CrossAccountWithoutExternalId',
          `Every principal of account ${account} may assume the role without an sts:ExternalId`,
        ];
      }
      return ['high', 'CrossAccountTrust', `${name} of account ${account} may assume the role`];
    }
  }
  if (rolePrivileged) {
    return [
      'high',
      'NewPrincipalOnPrivilegedRole',
      `${name} may assume a role with administrative or RAM-write permissions`,
    ];
  }
  return ['low', 'PrincipalAdded', `${name} may assume the role`];
}

function accountOf(principal: string): string | undefined {
  if (/^\d+$/.test(principal)) return principal;
  return parseRamPrincipalArn(principal)?.account;
}

/** True when every Allow statement that names the principal requires an `sts:ExternalId` value. */
function requiresExternalId(policy: TrustPolicyDocument, principal: string): boolean {
  const naming = policy.statements.filter(
    (s) => s.effect === 'Allow' && s.principal.ram.some((p) => p.toLowerCase() === principal.toLowerCase()),
  );
  return (
    naming.length > 0 &&
    naming.every((s) =>
      s.conditions.some(
        (c) =>
          c.key.toLowerCase() === 'sts:externalid' &&
          !c.ifExists &&
          /^String(Equals|Like)/.test(c.baseOperator),
      ),
    )
  );
}

const ref = (p: TrustedPrincipal): TrustPrincipalRef => ({ type: p.type, principal: p.principal });
