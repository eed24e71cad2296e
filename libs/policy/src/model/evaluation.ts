import type { Effect, PolicyDocument } from './policy-document.js';

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** `Session` policies narrow the others (intersection); every other type is an identity policy. */
export type PolicyType = 'System' | 'Custom' | 'Inline' | 'Session';

export type ContextValue = string | readonly string[];
export type RequestContext = Readonly<Record<string, ContextValue>>;

export interface AuthorizationRequest {
  readonly principalArn: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: RequestContext;
}

export interface EvaluateOptions {
  /** The instant used for `acs:CurrentTime` when the context does not carry it. No hidden clock. */
  readonly now?: Date;
}

export interface PolicyIdentity {
  readonly policyType: PolicyType;
  readonly policyName: string;
  readonly versionId: string;
}

export interface PolicyInput extends PolicyIdentity {
  readonly document: PolicyDocument;
}

/** The `/v1/authorize` `matchedStatements` shape. */
export interface MatchedStatement extends PolicyIdentity {
  readonly statementIndex: number;
  readonly effect: Effect;
}

/** A condition that could not be evaluated (e.g. a request value that is not an IP address); it counted as false. */
export interface EvaluationError extends PolicyIdentity {
  readonly statementIndex: number;
  readonly message: string;
}

export interface EvaluationResult {
  readonly decision: Decision;
  /** Allow: every matching Allow statement. ExplicitDeny: every matching Deny statement. ImplicitDeny: none. */
  readonly matched: readonly MatchedStatement[];
  readonly errors: readonly EvaluationError[];
}
