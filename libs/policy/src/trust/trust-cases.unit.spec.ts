import { trustCases } from '../../testing/cases/trust.cases.js';
import { NOW } from '../../testing/cases/case-builders.js';
import { parseTrustPolicyDocument } from '../parse/parse-trust-policy.js';
import { evaluateTrust } from './evaluate-trust.js';

describe('trust cases', () => {
  it.each(trustCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const policy = parseTrustPolicyDocument(JSON.stringify(c.trust));
    const result = evaluateTrust(policy, c.caller, {
      now: NOW,
      ...(c.context ? { context: c.context } : {}),
    });
    expect({ decision: result.decision, matched: result.matched.map((m) => m.statementIndex) }).toEqual({
      decision: c.expect,
      matched: c.matched,
    });
  });
});
