/** The policy engine: RAM policy language, explainable evaluation, trust, comparison. Pure: no I/O. */
export type * from './model/evaluation.js';
export type * from './model/policy-document.js';

export { MalformedPolicyDocument } from './parse/malformed-policy-document.js';
export {
  type ParseOptions,
  POLICY_DOCUMENT_MAX_LENGTH,
  SESSION_POLICY_MAX_LENGTH,
  DEFAULT_MAX_DEPTH,
} from './parse/document-shell.js';
export { parsePolicyDocument } from './parse/parse-policy-document.js';
export { parseTrustPolicyDocument } from './parse/parse-trust-policy.js';

export { evaluate, evaluateSession, SESSION_POLICY_IDENTITY } from './evaluate/evaluate.js';
export { compilePolicy, type CompiledPolicy } from './compile/compile-policy.js';
export { CompiledPolicySet } from './compile/compiled-policy-set.js';

export {
  evaluateTrust,
  type TrustCaller,
  type TrustOptions,
  type TrustMatch,
  type TrustEvaluationResult,
} from './trust/evaluate-trust.js';
export {
  compareTrust,
  trustedPrincipals,
  type TrustComparison,
  type TrustedPrincipal,
  type TrustPrincipalType,
} from './trust/compare-trust.js';
export { parseRamPrincipalArn, type RamPrincipalArn } from './trust/ram-arn.js';

export { compareAccess, type AccessFinding, type AccessFindingReason } from './compare/compare-access.js';
export { patternCovers, patternsIntersect } from './compare/pattern-algebra.js';
export {
  isAdministrative,
  grantsRamWrite,
  administrativeStatements,
  ramWriteStatements,
  RAM_WRITE_ACTIONS,
  type PrivilegedStatement,
} from './compare/privileged-access.js';

export { SYSTEM_POLICIES, findSystemPolicy, type SystemPolicy } from './system-policies/system-policies.js';
