import { batchJson, decisionJson } from './decision-json.js';

const allow = {
  policyType: 'System',
  policyName: 'ReadOnly',
  versionId: 'v1',
  statementIndex: 0,
  effect: 'Allow',
};
const quoted = {
  policyType: 'Custom',
  policyName: 'odd "name" \\ \u2028 ü',
  versionId: 'v3',
  statementIndex: 12,
  effect: 'Deny',
};

describe('decision JSON', () => {
  const decisions = [
    { decision: 'Allow', matchedStatements: [allow], position: 42 },
    { decision: 'ExplicitDeny', matchedStatements: [quoted, allow, quoted], position: 0 },
    { decision: 'ImplicitDeny', matchedStatements: [], position: 9_007_199_254_740_991 },
  ] as const;

  it('is exactly JSON.stringify of a decision, also for an explanation met again', () => {
    for (const decision of [...decisions, ...decisions])
      expect(decisionJson(decision as never)).toBe(JSON.stringify(decision));
  });

  it('is exactly the UTF-8 of JSON.stringify of a batch, per-item errors included', () => {
    const batch = {
      results: [
        decisions[0],
        { error: { code: 'InvalidParameter.Action', message: 'action must be "x"' } },
        decisions[1],
        decisions[2],
      ],
    };
    expect(batchJson(batch as never).toString('utf8')).toBe(JSON.stringify(batch));
    expect(batchJson({ results: [] }).toString('utf8')).toBe(JSON.stringify({ results: [] }));
    const twoPositions = { results: [decisions[0], decisions[1], decisions[0]] };
    expect(batchJson(twoPositions as never).toString('utf8')).toBe(JSON.stringify(twoPositions));
  });
});
