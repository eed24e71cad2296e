import { ALICE, NOW } from '../../testing/cases/case-builders.js';
import { evaluate } from '../evaluate/evaluate.js';
import { parsePolicyDocument } from '../parse/parse-policy-document.js';
import { SYSTEM_POLICIES, findSystemPolicy } from './system-policies.js';

const decide = (policyName: string, action: string, resource = '*') =>
  evaluate({ principalArn: ALICE, action, resource }, [findSystemPolicy(policyName)!], { now: NOW }).decision;

describe('system policies', () => {
  it('defines the seven built-in policies with descriptions and document text', () => {
    expect(SYSTEM_POLICIES.map((p) => p.policyName)).toEqual([
      'AdministratorAccess',
      'ReadOnlyAccess',
      'AliyunRAMFullAccess',
      'AliyunRAMReadOnlyAccess',
      'AliyunSTSAssumeRoleAccess',
      'AliyunARMSFullAccess',
      'AliyunARMSReadOnlyAccess',
    ]);
    for (const policy of SYSTEM_POLICIES) {
      expect(policy).toMatchObject({ policyType: 'System', versionId: 'v1' });
      expect(policy.description.length).toBeGreaterThan(10);
      expect(parsePolicyDocument(policy.documentText)).toEqual(policy.document);
    }
  });

  it('finds a policy by case-insensitive name', () => {
    expect(findSystemPolicy('administratoraccess')?.policyName).toBe('AdministratorAccess');
    expect(findSystemPolicy('NoSuchPolicy')).toBeUndefined();
  });

  it.each([
    ['AdministratorAccess', 'ram:DeleteUser', 'Allow'],
    ['ReadOnlyAccess', 'ram:ListUsers', 'Allow'],
    ['ReadOnlyAccess', 'ram:GetPolicy', 'Allow'],
    ['ReadOnlyAccess', 'audit:QueryEvents', 'Allow'],
    ['ReadOnlyAccess', 'ecs:DescribeInstances', 'Allow'],
    ['ReadOnlyAccess', 'ram:CreateUser', 'ImplicitDeny'],
    ['ReadOnlyAccess', 'sts:AssumeRole', 'ImplicitDeny'],
    ['AliyunRAMFullAccess', 'ram:AttachPolicyToUser', 'Allow'],
    ['AliyunRAMFullAccess', 'sts:AssumeRole', 'ImplicitDeny'],
    ['AliyunRAMReadOnlyAccess', 'ram:ListUsers', 'Allow'],
    ['AliyunRAMReadOnlyAccess', 'ram:CreateUser', 'ImplicitDeny'],
    ['AliyunSTSAssumeRoleAccess', 'sts:AssumeRole', 'Allow'],
    ['AliyunSTSAssumeRoleAccess', 'ram:ListUsers', 'ImplicitDeny'],
    ['AliyunARMSFullAccess', 'arms:CreateAlertRule', 'Allow'],
    ['AliyunARMSReadOnlyAccess', 'arms:SearchTraces', 'Allow'],
    ['AliyunARMSReadOnlyAccess', 'arms:DeleteAlertRule', 'ImplicitDeny'],
  ])('%s on %s: %s', (policyName, action, expected) => expect(decide(policyName, action)).toBe(expected));
});
