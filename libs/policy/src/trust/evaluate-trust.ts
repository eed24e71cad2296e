import { RequestConditionContext } from '../condition/condition-context.js';
import { conditionsHold, prepareCondition } from '../condition/prepared-condition.js';
import { listMatches } from '../evaluate/evaluate.js';
import type { Decision, EvaluateOptions, RequestContext } from '../model/evaluation.js';
import type { Effect, TrustPolicyDocument, TrustPrincipals } from '../model/policy-document.js';
import { ramPrincipalCovers } from './ram-arn.js';

/** Who wants to assume the role. */
export type TrustCaller =
  | { readonly type: 'RAM'; readonly arn: string }
  | { readonly type: 'Service'; readonly service: string }
  | { readonly type: 'Federated'; readonly providerArn: string };

export interface TrustOptions extends EvaluateOptions {
  /** Condition keys of the AssumeRole call, e.g. `{"sts:ExternalId": "..."}`. */
  readonly context?: RequestContext;
  /** Defaults to `sts:AssumeRole`. */
  readonly action?: string;
}

export interface TrustMatch {
  readonly statementIndex: number;
  readonly effect: Effect;
  /** The principal entry that named the caller. */
  readonly principal: string;
}

export interface TrustEvaluationResult {
  readonly decision: Decision;
  readonly matched: readonly TrustMatch[];
  readonly errors: readonly { readonly statementIndex: number; readonly message: string }[];
}

/** May `caller` assume the role whose trust policy this is? Deny wins; default deny. */
export function evaluateTrust(
  policy: TrustPolicyDocument,
  caller: TrustCaller,
  options: TrustOptions = {},
): TrustEvaluationResult {
  const principalArn = caller.type === 'RAM' ? caller.arn : undefined;
  const context = new RequestConditionContext({ principalArn, context: options.context }, options);
  const action = (options.action ?? 'sts:AssumeRole').toLowerCase();
  const allows: TrustMatch[] = [];
  const denies: TrustMatch[] = [];
  const errors: { statementIndex: number; message: string }[] = [];
  policy.statements.forEach((statement, statementIndex) => {
    const principal = principalNaming(statement.principal, caller);
    if (principal === undefined || !listMatches(statement.action, action, true)) return;
    const onError = (message: string) => errors.push({ statementIndex, message });
    if (!conditionsHold(statement.conditions.map(prepareCondition), context, onError)) return;
    (statement.effect === 'Allow' ? allows : denies).push({
      statementIndex,
      effect: statement.effect,
      principal,
    });
  });
  if (denies.length > 0) return { decision: 'ExplicitDeny', matched: denies, errors };
  return allows.length > 0
    ? { decision: 'Allow', matched: allows, errors }
    : { decision: 'ImplicitDeny', matched: [], errors };
}

function principalNaming(principals: TrustPrincipals, caller: TrustCaller): string | undefined {
  switch (caller.type) {
    case 'RAM':
      return principals.ram.find((entry) => ramPrincipalCovers(entry, caller.arn));
    case 'Service':
      return principals.service.find(
        (entry) => entry === '*' || entry.toLowerCase() === caller.service.toLowerCase(),
      );
    case 'Federated':
      return principals.federated.find((entry) => entry.toLowerCase() === caller.providerArn.toLowerCase());
  }
}
