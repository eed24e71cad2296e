import { RequestConditionContext } from '../condition/condition-context.js';
import { conditionsHold } from '../condition/prepared-condition.js';
import { type LayerMatches, decide } from '../evaluate/decide.js';
import type {
  AuthorizationRequest,
  EvaluateOptions,
  EvaluationError,
  EvaluationResult,
  PolicyInput,
} from '../model/evaluation.js';
import { type CompiledPolicy, type CompiledStatement, compilePolicy } from './compile-policy.js';
import { StatementIndex } from './statement-index.js';

/**
 * A principal's policies, compiled and indexed once and reused for every check until one of them
 * changes. Policies of type `Session` form the session layer, exactly as in `evaluate`.
 */
export class CompiledPolicySet {
  private readonly identity: StatementIndex;
  private readonly session: StatementIndex | null;

  constructor(readonly policies: readonly CompiledPolicy[]) {
    const identity = policies.filter((policy) => policy.identity.policyType !== 'Session');
    const session = policies.filter((policy) => policy.identity.policyType === 'Session');
    this.identity = new StatementIndex(identity.flatMap((policy) => policy.statements));
    this.session =
      session.length > 0 ? new StatementIndex(session.flatMap((policy) => policy.statements)) : null;
  }

  /** Compiles parsed policies; keep the set and build a new one only when one of them changes. */
  static fromPolicies(policies: readonly PolicyInput[]): CompiledPolicySet {
    return new CompiledPolicySet(policies.map((policy) => compilePolicy(policy.document, policy)));
  }

  /** The same identity policies, narrowed by a role session's policy. */
  withSessionPolicy(sessionPolicy: CompiledPolicy): CompiledPolicySet {
    const identity = this.policies.filter((policy) => policy.identity.policyType !== 'Session');
    return new CompiledPolicySet([...identity, asSessionPolicy(sessionPolicy)]);
  }

  evaluate(request: AuthorizationRequest, options: EvaluateOptions = {}): EvaluationResult {
    const action = request.action.toLowerCase();
    const colon = action.indexOf(':');
    const service = colon < 0 ? action : action.slice(0, colon);
    const check = new Check(request, action, options);
    const identity = check.collect(this.identity.candidates(service));
    const session = this.session && check.collect(this.session.candidates(service));
    return decide(identity, session, check.errors);
  }
}

/** One evaluation's state: the lazily built condition context and the errors met on the way. */
class Check {
  readonly errors: EvaluationError[] = [];
  private context: RequestConditionContext | undefined;

  constructor(
    private readonly request: AuthorizationRequest,
    private readonly action: string,
    private readonly options: EvaluateOptions,
  ) {}

  collect(candidates: readonly CompiledStatement[]): LayerMatches {
    const layer: LayerMatches = { allows: [], denies: [] };
    for (const statement of candidates) {
      if (!statement.matchesAction(this.action) || !statement.matchesResource(this.request.resource))
        continue;
      if (statement.conditions.length > 0 && !this.conditionsHold(statement)) continue;
      (statement.explanation.effect === 'Allow' ? layer.allows : layer.denies).push(statement.explanation);
    }
    return layer;
  }

  private conditionsHold(statement: CompiledStatement): boolean {
    this.context ??= new RequestConditionContext(this.request, this.options);
    return conditionsHold(statement.conditions, this.context, (message) => {
      const { effect: _effect, ...where } = statement.explanation;
      this.errors.push({ ...where, message });
    });
  }
}

/** The session layer is chosen by policy type, and explanations must say `Session` too. */
function asSessionPolicy(policy: CompiledPolicy): CompiledPolicy {
  if (policy.identity.policyType === 'Session') return policy;
  return {
    identity: { ...policy.identity, policyType: 'Session' },
    statements: policy.statements.map((statement) => ({
      ...statement,
      explanation: Object.freeze({ ...statement.explanation, policyType: 'Session' as const }),
    })),
  };
}
