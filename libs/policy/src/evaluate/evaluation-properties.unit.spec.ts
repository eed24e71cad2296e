import fc from 'fast-check';
import type { EvaluationResult, PolicyInput } from '#policy';
import { policySetArb, requestArb, statementArb } from '../../testing/arbitraries.js';
import { NOW } from '../../testing/cases/case-builders.js';
import { evaluateCompiled, toPolicyInputs } from '../../testing/policy-inputs.js';
import { evaluate } from './evaluate.js';

const RUNS = { numRuns: 2000 };

/** What a result says, independent of statement positions: decision plus the matched statements' Sids. */
function meaning(result: EvaluationResult, inputs: readonly PolicyInput[]) {
  const sid = (name: string, index: number) =>
    inputs.find((p) => p.policyName === name)!.document.statements[index]!.sid;
  return {
    decision: result.decision,
    matched: result.matched.map((m) => `${m.policyName}/${sid(m.policyName, m.statementIndex)}`).sort(),
    errors: result.errors
      .map((e) => `${e.policyName}/${sid(e.policyName, e.statementIndex)}: ${e.message}`)
      .sort(),
  };
}

const labelled = <T extends { document: object }>(policies: T[]) =>
  policies.map((policy) => {
    const document = policy.document as { Statement: object[] };
    return {
      ...policy,
      document: { ...document, Statement: document.Statement.map((s, i) => ({ ...s, Sid: `s${i}` })) },
    };
  });

describe('evaluation properties', () => {
  it('compiled and interpretive evaluation agree', () => {
    fc.assert(
      fc.property(policySetArb, requestArb, (policies, request) => {
        const inputs = toPolicyInputs(labelled(policies));
        const interpreted = evaluate(request, inputs, { now: NOW });
        const compiled = evaluateCompiled(request, inputs, { now: NOW });
        expect(compiled.decision).toBe(interpreted.decision);
        expect(compiled.matched).toEqual(interpreted.matched);
        expect(meaning(compiled, inputs).errors).toEqual(meaning(interpreted, inputs).errors);
      }),
      RUNS,
    );
  });

  it('adding a Deny statement never turns a non-Allow into an Allow', () => {
    fc.assert(
      fc.property(
        policySetArb,
        requestArb,
        statementArb('Deny'),
        fc.nat(),
        (policies, request, denial, at) => {
          const before = evaluate(request, toPolicyInputs(policies), { now: NOW });
          const target = at % policies.length;
          const extended = policies.map((policy, index) => {
            if (index !== target) return policy;
            const document = policy.document as { Statement: object[] };
            return { ...policy, document: { ...document, Statement: [...document.Statement, denial] } };
          });
          const after = evaluate(request, toPolicyInputs(extended), { now: NOW });
          if (after.decision === 'Allow') expect(before.decision).toBe('Allow');
          if (before.decision === 'ExplicitDeny') expect(after.decision).toBe('ExplicitDeny');
        },
      ),
      RUNS,
    );
  });

  it('is independent of the order of statements and of policies', () => {
    fc.assert(
      fc.property(policySetArb, requestArb, fc.nat(), (policies, request, seed) => {
        const original = toPolicyInputs(labelled(policies));
        const shuffled = shuffle(
          original.map((policy) => ({
            ...policy,
            document: { ...policy.document, statements: shuffle([...policy.document.statements], seed) },
          })),
          seed + 1,
        );
        const expected = meaning(evaluate(request, original, { now: NOW }), original);
        expect(meaning(evaluate(request, shuffled, { now: NOW }), shuffled)).toEqual(expected);
        expect(meaning(evaluateCompiled(request, shuffled, { now: NOW }), shuffled)).toEqual(expected);
      }),
      RUNS,
    );
  });
});

/** A deterministic Fisher-Yates shuffle driven by the property's seed. */
function shuffle<T>(items: T[], seed: number): T[] {
  let state = seed + 1;
  for (let i = items.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
