import type { EvaluationError, EvaluationResult, MatchedStatement } from '../model/evaluation.js';

/** The statements of one layer (identity policies, or the session policy) that apply to a request. */
export interface LayerMatches {
  readonly allows: MatchedStatement[];
  readonly denies: MatchedStatement[];
}

export function emptyLayer(): LayerMatches {
  return { allows: [], denies: [] };
}

/**
 * Default deny; any matching Deny in any layer wins; otherwise Allow needs an Allow in the identity
 * layer and, for a role session, also in the session layer (the session policy only narrows).
 * The explanation lists every statement that decided.
 */
export function decide(
  identity: LayerMatches,
  session: LayerMatches | null,
  errors: readonly EvaluationError[],
): EvaluationResult {
  const denies = session ? [...identity.denies, ...session.denies] : identity.denies;
  if (denies.length > 0) return { decision: 'ExplicitDeny', matched: denies, errors };
  const allowed = identity.allows.length > 0 && (!session || session.allows.length > 0);
  if (!allowed) return { decision: 'ImplicitDeny', matched: [], errors };
  return {
    decision: 'Allow',
    matched: session ? [...identity.allows, ...session.allows] : identity.allows,
    errors,
  };
}
