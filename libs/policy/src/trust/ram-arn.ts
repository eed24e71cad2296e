/** The parts of a RAM principal ARN: `acs:ram::<account>:root|user/<n>|role/<n>|assumed-role/<role>/<session>`. */
export interface RamPrincipalArn {
  readonly account: string;
  readonly kind: 'root' | 'user' | 'role' | 'assumed-role';
  /** Lower-cased: principal names are case-insensitive (API.md). */
  readonly name: string;
  readonly session?: string;
}

const RAM_ARN = /^acs:ram::(\d{1,32}):(root|user\/([^/]+)|role\/([^/]+)|assumed-role\/([^/]+)\/([^/]+))$/;

export function parseRamPrincipalArn(arn: string): RamPrincipalArn | undefined {
  const match = RAM_ARN.exec(arn);
  if (!match) return undefined;
  const [, account, whole, user, role, assumedRole, session] = match;
  if (whole === 'root') return { account: account!, kind: 'root', name: '' };
  if (user !== undefined) return { account: account!, kind: 'user', name: user.toLowerCase() };
  if (role !== undefined) return { account: account!, kind: 'role', name: role.toLowerCase() };
  return { account: account!, kind: 'assumed-role', name: assumedRole!.toLowerCase(), session: session! };
}

/**
 * Does the trust-policy entry `entry` (from `Principal.RAM`) cover the caller?
 * `*` covers everyone; an account id or `...:root` covers every principal of that account; a role
 * covers its own sessions; users and sessions cover exactly themselves.
 */
export function ramPrincipalCovers(entry: string, callerArn: string): boolean {
  if (entry === '*') return true;
  const caller = parseRamPrincipalArn(callerArn);
  if (!caller) return false;
  if (/^\d+$/.test(entry)) return caller.account === entry;
  const trusted = parseRamPrincipalArn(entry);
  if (!trusted || trusted.account !== caller.account) return false;
  switch (trusted.kind) {
    case 'root':
      return true;
    case 'user':
      return caller.kind === 'user' && caller.name === trusted.name;
    case 'role':
      return (caller.kind === 'role' || caller.kind === 'assumed-role') && caller.name === trusted.name;
    case 'assumed-role':
      return (
        caller.kind === 'assumed-role' && caller.name === trusted.name && caller.session === trusted.session
      );
  }
}
