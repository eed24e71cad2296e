import { authorizeCases } from '../../testing/cases/all-cases.js';
import { ALICE, NOW } from '../../testing/cases/case-builders.js';
import { trustCases } from '../../testing/cases/trust.cases.js';
import { EVALUATORS, explain, toPolicyInputs } from '../../testing/policy-inputs.js';

describe('authorize cases', () => {
  it('has at least 150 named cases, each name unique', () => {
    const names = [...authorizeCases, ...trustCases].map((c) => c.name);
    expect(names.length).toBeGreaterThanOrEqual(150);
    expect(new Set(names).size).toBe(names.length);
  });

  describe.each(EVALUATORS)('%s', (_path, evaluateWith) => {
    it.each(authorizeCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const result = evaluateWith({ principalArn: ALICE, ...c.request }, toPolicyInputs(c.policies), {
        now: NOW,
      });
      expect({ decision: result.decision, matched: explain(result) }).toEqual({
        decision: c.expect,
        matched: c.matched,
      });
      expect(result.errors).toHaveLength(c.errors ?? 0);
    });
  });
});
