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

/** The statements of each layer whose Action (or NotAction) matches one action, in policy order. */
interface ActionCandidates {
  readonly identity: readonly CompiledStatement[];
  readonly session: readonly CompiledStatement[] | null;
}

/** Distinct actions remembered per set; past this the memo starts over (a principal checks few actions). */
const ACTION_MEMO_LIMIT = 512;

/**
 * A principal's policies, compiled and indexed once and reused for every check until one of them
 * changes. Policies of type `Session` form the session layer, exactly as in `evaluate`.
 * The statements an action selects are remembered per action: a check then only tests resources and
 * conditions.
 */
export class CompiledPolicySet {
  private readonly identity: StatementIndex;
  private readonly session: StatementIndex | null;
  private readonly byAction = new Map<string, ActionCandidates>();

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
    const candidates = this.candidates(request.action);
    const check = new Check(request, options);
    const identity = check.collect(candidates.identity);
    const session = candidates.session && check.collect(candidates.session);
    return decide(identity, session, check.errors);
  }

  /** Matching an action depends on nothing else, so its outcome is kept per (case-sensitive) action text. */
  private candidates(requestAction: string): ActionCandidates {
    const known = this.byAction.get(requestAction);
    if (known) return known;
    const action = requestAction.toLowerCase();
    const colon = action.indexOf(':');
    const service = colon < 0 ? action : action.slice(0, colon);
    const matching = (index: StatementIndex) =>
      index.candidates(service).filter((statement) => statement.matchesAction(action));
    const candidates: ActionCandidates = {
      identity: matching(this.identity),
      session: this.session && matching(this.session),
    };
    if (this.byAction.size >= ACTION_MEMO_LIMIT) this.byAction.clear();
    this.byAction.set(requestAction, candidates);
    return candidates;
  }
}

/** One evaluation's state: the lazily built condition context and the errors met on the way. */
class Check {
  readonly errors: EvaluationError[] = [];
  private context: RequestConditionContext | undefined;

  constructor(
    private readonly request: AuthorizationRequest,
    private readonly options: EvaluateOptions,
  ) {}

  /** `candidates` already match the action. */
  collect(candidates: readonly CompiledStatement[]): LayerMatches {
    const layer: LayerMatches = { allows: [], denies: [] };
    const resource = this.request.resource;
    for (const statement of candidates) {
      if (!statement.matchesResource(resource)) continue;
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
