import { RequestConditionContext } from '../condition/condition-context.js';
import { conditionsHold, prepareCondition } from '../condition/prepared-condition.js';
import { wildcardMatch } from '../match/wildcard.js';
import type {
  AuthorizationRequest,
  EvaluateOptions,
  EvaluationError,
  EvaluationResult,
  PolicyIdentity,
  PolicyInput,
} from '../model/evaluation.js';
import type { PatternList, PolicyDocument } from '../model/policy-document.js';
import { type LayerMatches, decide, emptyLayer } from './decide.js';

export const SESSION_POLICY_IDENTITY: PolicyIdentity = {
  policyType: 'Session',
  policyName: 'SessionPolicy',
  versionId: 'v1',
};

/**
 * Evaluates a request against parsed policies by walking the documents: no preparation, no index.
 * This is the reference semantics; CompiledPolicySet must always agree with it. Policies of type
 * `Session` form the session layer, which narrows the others (see `decide`).
 */
export function evaluate(
  request: AuthorizationRequest,
  policies: readonly PolicyInput[],
  options: EvaluateOptions = {},
): EvaluationResult {
  const context = new RequestConditionContext(request, options);
  const action = request.action.toLowerCase();
  const identity = emptyLayer();
  let session: LayerMatches | null = null;
  const errors: EvaluationError[] = [];
  for (const policy of policies) {
    const layer = policy.policyType === 'Session' ? (session ??= emptyLayer()) : identity;
    const { policyType, policyName, versionId } = policy;
    policy.document.statements.forEach((statement, statementIndex) => {
      if (
        !listMatches(statement.action, action, true) ||
        !listMatches(statement.resource, request.resource, false)
      ) {
        return;
      }
      const where = { policyType, policyName, versionId, statementIndex };
      const onError = (message: string) => errors.push({ ...where, message });
      if (!conditionsHold(statement.conditions.map(prepareCondition), context, onError)) return;
      (statement.effect === 'Allow' ? layer.allows : layer.denies).push({
        ...where,
        effect: statement.effect,
      });
    });
  }
  return decide(identity, session, errors);
}

/** A role session: allowed only what both the identity policies and the session policy allow. */
export function evaluateSession(
  request: AuthorizationRequest,
  identityPolicies: readonly PolicyInput[],
  sessionPolicy: PolicyDocument,
  options: EvaluateOptions = {},
): EvaluationResult {
  const identity = identityPolicies.filter((policy) => policy.policyType !== 'Session');
  return evaluate(request, [...identity, { ...SESSION_POLICY_IDENTITY, document: sessionPolicy }], options);
}

/** Actions compare case-insensitively (`text` arrives lower-cased), resources case-sensitively. */
export function listMatches(list: PatternList, text: string, ignoreCase: boolean): boolean {
  const hit = list.patterns.some((pattern) =>
    wildcardMatch(ignoreCase ? pattern.toLowerCase() : pattern, text),
  );
  return hit !== list.negated;
}
