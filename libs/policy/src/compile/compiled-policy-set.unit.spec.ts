import { ALICE, NOW, allow, deny, doc } from '../../testing/cases/case-builders.js';
import { explain } from '../../testing/policy-inputs.js';
import { parsePolicyDocument } from '../parse/parse-policy-document.js';
import { compilePolicy } from './compile-policy.js';
import { CompiledPolicySet } from './compiled-policy-set.js';
import { StatementIndex } from './statement-index.js';

const compiled = (policyName: string, document: object) =>
  compilePolicy(parsePolicyDocument(JSON.stringify(document)), {
    policyType: 'Custom',
    policyName,
    versionId: 'v1',
  });
const request = (action: string) => ({ principalArn: ALICE, action, resource: '*' });

describe('CompiledPolicySet', () => {
  it('indexes statements by service prefix, keeping policy order and any-service statements', () => {
    const policy = compiled(
      'p',
      doc(
        allow('ram:Get*'),
        allow(['sts:AssumeRole', 'RAM:ListUsers']),
        allow('*:List*'),
        { Effect: 'Allow', NotAction: 'ecs:*', Resource: '*' },
        allow('ecs:Start*'),
      ),
    );
    const index = new StatementIndex(policy.statements);
    const positions = (service: string) => index.candidates(service).map((s) => s.explanation.statementIndex);
    expect(positions('ram')).toEqual([0, 1, 2, 3]);
    expect(positions('sts')).toEqual([1, 2, 3]);
    expect(positions('ecs')).toEqual([2, 3, 4]);
    expect(positions('audit')).toEqual([2, 3]);
  });

  it('narrows a compiled set with a session policy without recompiling the identity policies', () => {
    const roleSet = new CompiledPolicySet([compiled('role', doc(allow('ram:*'), deny('ram:DeleteUser')))]);
    const session = roleSet.withSessionPolicy(compiled('session', doc(allow('ram:Get*'))));
    expect(explain(roleSet.evaluate(request('ram:CreateUser'), { now: NOW }))).toEqual(['role#0']);
    expect(session.evaluate(request('ram:CreateUser'), { now: NOW }).decision).toBe('ImplicitDeny');
    const read = session.evaluate(request('ram:GetUser'), { now: NOW });
    expect(read.matched.map((m) => `${m.policyType}:${m.policyName}#${m.statementIndex}`)).toEqual([
      'Custom:role#0',
      'Session:session#0',
    ]);
    expect(session.evaluate(request('ram:DeleteUser'), { now: NOW }).decision).toBe('ExplicitDeny');
  });

  it('answers a repeated action from its remembered statements, whatever its spelling and resource', () => {
    const set = new CompiledPolicySet([
      compiled(
        'p',
        doc(allow('ram:Get*'), { Effect: 'Deny', NotAction: 'ram:GetUser', Resource: 'acs:ram:*:*:user/b*' }),
      ),
    ]);
    const check = (action: string, resource: string) => {
      const result = set.evaluate({ principalArn: ALICE, action, resource }, { now: NOW });
      return `${result.decision} ${explain(result).join(',')}`;
    };
    for (let round = 0; round < 2; round++) {
      expect(check('ram:GetUser', 'acs:ram::1:user/bob')).toBe('Allow p#0');
      expect(check('RAM:GETGROUP', 'acs:ram::1:user/bob')).toBe('ExplicitDeny p#1');
      expect(check('RAM:GETGROUP', 'acs:ram::1:user/alice')).toBe('Allow p#0');
      expect(check('ram:ListUsers', 'acs:ram::1:user/alice')).toBe('ImplicitDeny ');
    }
  });

  it('shares one frozen explanation object per statement across results', () => {
    const set = new CompiledPolicySet([compiled('p', doc(allow('*')))]);
    const first = set.evaluate(request('ram:GetUser')).matched[0];
    expect(set.evaluate(request('ram:ListUsers')).matched[0]).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });
});
