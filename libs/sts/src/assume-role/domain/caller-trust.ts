import { type AccessKeyProof, type ExistingRole, isEligible } from '#identity';
import { evaluateTrust, parseTrustPolicyDocument, type TrustPolicyDocument } from '#policy';

/** The caller of AssumeRole as the trust decision sees it (never the root: refused before this). */
export interface AssumingCaller {
  kind: 'user' | 'assumed-role';
  /** A user ARN, or a session's assumed-role ARN (a trust entry naming its role covers it, as in RAM). */
  arn: string;
  principalId: string;
  mfaPresent: boolean;
  /** A user's AccessKey taken from memory: the session's write confirms it (record-assumptions.ts). */
  accessKey?: AccessKeyProof;
}

export interface TrustRequest {
  externalId?: string;
  sourceIp?: string;
  now: Date;
}

/**
 * The one place that answers "may this caller assume this role?" on the role's side: its trust policy,
 * with the call's condition keys (`sts:ExternalId`, source IP, MFA, time), or an unexpired eligibility from
 * an approved access request (an explicit Deny in the trust policy still wins). A caller's own `sts:AssumeRole`
 * permission is the other half, checked by the API's authorization before this.
 */
export function callerIsTrusted(role: ExistingRole, caller: AssumingCaller, request: TrustRequest): boolean {
  const context: Record<string, string> = {
    'acs:MFAPresent': String(caller.mfaPresent),
    'acs:CurrentTime': request.now.toISOString(),
    ...(request.externalId !== undefined && { 'sts:ExternalId': request.externalId }),
    ...(request.sourceIp !== undefined && { 'acs:SourceIp': request.sourceIp }),
  };
  const trust = parsedTrust(role.assumeRolePolicyDocument);
  const result = evaluateTrust(trust, { type: 'RAM', arn: caller.arn }, { context, now: request.now });
  if (result.decision === 'ExplicitDeny') return false;
  // Or an approved access request made the user eligible, until it ends (issue 6).
  return (
    result.decision === 'Allow' ||
    (caller.kind === 'user' && isEligible(role, caller.principalId, request.now))
  );
}

// The last trust document parsed (a parse depends on the text alone): concurrent AssumeRoles mostly name the
// same role, and parsing its document again for each of them cost more than evaluating it.
let lastTrust: { text: string; parsed: TrustPolicyDocument } | undefined;

function parsedTrust(text: string): TrustPolicyDocument {
  if (lastTrust?.text !== text) lastTrust = { text, parsed: parseTrustPolicyDocument(text) };
  return lastTrust.parsed;
}
