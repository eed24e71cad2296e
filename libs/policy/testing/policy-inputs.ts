import {
  type AuthorizationRequest,
  CompiledPolicySet,
  type EvaluateOptions,
  type EvaluationResult,
  type PolicyInput,
  evaluate,
  parsePolicyDocument,
} from '#policy';
import type { CasePolicy } from './cases/case-builders.js';

/** Test documents are built as objects; they go through the real parser, as text, like any policy. */
export function toPolicyInputs(policies: readonly CasePolicy[]): PolicyInput[] {
  return policies.map(({ name, type, document }) => ({
    policyType: type,
    policyName: name,
    versionId: 'v1',
    document: parsePolicyDocument(JSON.stringify(document), { maxLength: 1_000_000 }),
  }));
}

export function evaluateCompiled(
  request: AuthorizationRequest,
  inputs: readonly PolicyInput[],
  options: EvaluateOptions,
): EvaluationResult {
  return CompiledPolicySet.fromPolicies(inputs).evaluate(request, options);
}

/** Both evaluation paths, for tests that must hold for each. */
export const EVALUATORS = [
  ['interpretive', evaluate],
  ['compiled', evaluateCompiled],
] as const;

export const explain = (result: EvaluationResult): string[] =>
  result.matched.map((m) => `${m.policyName}#${m.statementIndex}`);
