import {
  CompiledPolicySet,
  type CompiledPolicy,
  type EvaluationResult,
  type MatchedStatement,
} from '#policy';
import type { Cause } from '../temporal/interval-changes.js';
import type { CompiledPolicies } from './compiled-policies.js';
import { type HeldPolicy, type HeldPolicyRef, heldPolicyRef } from './held-at.js';

export interface AccessRequest {
  principalArn: string;
  action: string;
  resource: string;
  at: Date;
}

/** A policy in force, and whether one of its statements decided. */
export interface GrantInForce extends HeldPolicyRef {
  expiresAt?: string;
  decisive: boolean;
  attached: Cause;
  membership?: Cause;
  version?: Cause;
}

export interface AccessExplanation {
  decision: EvaluationResult['decision'];
  matchedStatements: readonly MatchedStatement[];
  grants: GrantInForce[];
  /** The events that put the decisive statements in force, oldest first, without repeats. */
  events: Cause[];
}

/**
 * The decision for what a principal held at an instant, evaluated with `acs:CurrentTime` = that instant by
 * the same compiled evaluator as live checks. A policy held twice (direct and via a group) counts once, as in
 * the live permission model; the explanation lists every path.
 */
export function explainAccess(
  request: AccessRequest,
  held: readonly HeldPolicy[],
  compiled: CompiledPolicies,
): AccessExplanation {
  const result = evaluateHeld(request, held, compiled);
  const decisiveKeys = new Set(result.matched.map((m) => `${m.policyType}:${m.policyName}:${m.versionId}`));
  const grants = held.map((h): GrantInForce => {
    const decisive = decisiveKeys.has(`${h.policyType}:${h.policyName}:${h.versionId}`);
    return {
      ...heldPolicyRef(h),
      ...(h.expiresAt && { expiresAt: h.expiresAt }),
      decisive,
      attached: h.attached,
      ...(h.membership && { membership: h.membership }),
      ...(h.version && { version: h.version }),
    };
  });
  const events = new Map<string, Cause>();
  for (const g of grants.filter((g) => g.decisive))
    for (const cause of [g.attached, g.membership, g.version]) if (cause) events.set(cause.eventId, cause);
  return {
    decision: result.decision,
    matchedStatements: result.matched,
    grants,
    events: [...events.values()].sort((a, b) => a.position - b.position),
  };
}

export function evaluateHeld(
  request: AccessRequest,
  held: readonly HeldPolicy[],
  compiled: CompiledPolicies,
): EvaluationResult {
  return policySet(held, compiled).evaluate(
    { principalArn: request.principalArn, action: request.action, resource: request.resource },
    { now: request.at },
  );
}

export function policySet(held: readonly HeldPolicy[], compiled: CompiledPolicies): CompiledPolicySet {
  const seen = new Set<string>();
  const policies: CompiledPolicy[] = [];
  for (const h of held) {
    if (seen.has(h.policyKey)) continue;
    seen.add(h.policyKey);
    const policy = compiled.of(h);
    if (policy) policies.push(policy);
  }
  return new CompiledPolicySet(policies);
}
