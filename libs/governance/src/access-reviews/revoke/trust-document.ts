/**
 * The trust policy without one trusted principal: removed from every Allow statement, a statement left
 * trusting nobody is dropped. Deny statements only narrow trust, so they stay as written. Pure; the result
 * is checked by the role decider like any trust-policy change.
 */
export function withoutTrustedPrincipal(document: string, principalType: string, principal: string): string {
  const root = JSON.parse(document) as { Version: string; Statement: unknown };
  const statements = (Array.isArray(root.Statement) ? root.Statement : [root.Statement]) as Record<
    string,
    unknown
  >[];
  const kept = statements.flatMap((statement) => {
    if (statement.Effect !== 'Allow') return [statement];
    const principals = { ...(statement.Principal as Record<string, string | string[]>) };
    const listed = principals[principalType];
    if (listed === undefined) return [statement];
    const rest = (Array.isArray(listed) ? listed : [listed]).filter(
      (p) => p.toLowerCase() !== principal.toLowerCase(),
    );
    if (rest.length > 0) principals[principalType] = rest;
    else delete principals[principalType];
    return Object.keys(principals).length > 0 ? [{ ...statement, Principal: principals }] : [];
  });
  return JSON.stringify({ ...root, Statement: kept });
}
