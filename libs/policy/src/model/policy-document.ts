/** The parsed, validated form of RAM policy documents. Everything is read-only: documents are shared. */

export type Effect = 'Allow' | 'Deny';

/** `Action`/`Resource` (negated = false) or `NotAction`/`NotResource` (negated = true). */
export interface PatternList {
  readonly negated: boolean;
  readonly patterns: readonly string[];
}

export type SetQualifier = 'ForAnyValue' | 'ForAllValues';

export interface ConditionClause {
  /** The operator exactly as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string;
  /** The base operator, e.g. `StringLike`. */
  readonly baseOperator: string;
  readonly qualifier: SetQualifier | null;
  readonly ifExists: boolean;
  /** The condition key as written; keys compare case-insensitively. */
  readonly key: string;
  /** Values as strings (JSON numbers and booleans keep their source text). */
  readonly values: readonly string[];
}

/** What permission and trust statements have in common. */
export interface StatementBase {
  readonly sid?: string;
  readonly effect: Effect;
  readonly action: PatternList;
  readonly conditions: readonly ConditionClause[];
}

export interface PermissionStatement extends StatementBase {
  readonly resource: PatternList;
}

/** `{"Version": "1", "Statement": [...]}`, for either kind of statement. */
export interface DocumentOf<S extends StatementBase> {
  readonly version: '1';
  readonly statements: readonly S[];
}

export type PolicyDocument = DocumentOf<PermissionStatement>;

export interface TrustPrincipals {
  /** RAM ARNs (`acs:ram::<account>:root|user/..|role/..`), bare account ids, or `*`. */
  readonly ram: readonly string[];
  /** Service names such as `ecs.aliyuncs.com`. */
  readonly service: readonly string[];
  /** Identity provider ARNs. */
  readonly federated: readonly string[];
}

export interface TrustStatement extends StatementBase {
  readonly principal: TrustPrincipals;
}

export type TrustPolicyDocument = DocumentOf<TrustStatement>;
