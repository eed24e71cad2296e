import { allow, deny, doc, when } from '../../testing/cases/case-builders.js';
import { parsePolicyDocument } from '../parse/parse-policy-document.js';
import { findSystemPolicy } from '../system-policies/system-policies.js';
import { administrativeStatements, grantsRamWrite, isAdministrative } from './privileged-access.js';

const parse = (document: object) => parsePolicyDocument(JSON.stringify(document));
const system = (name: string) => findSystemPolicy(name)!.document;

describe('privileged access', () => {
  it.each([
    ['AdministratorAccess', true, true],
    ['ReadOnlyAccess', false, false],
    ['AliyunRAMFullAccess', false, true],
    ['AliyunRAMReadOnlyAccess', false, false],
    ['AliyunSTSAssumeRoleAccess', false, false],
    ['AliyunARMSFullAccess', false, false],
    ['AliyunARMSReadOnlyAccess', false, false],
  ])('%s: administrative %s, RAM write %s', (name, administrative, ramWrite) => {
    expect(isAdministrative([system(name)])).toBe(administrative);
    expect(grantsRamWrite([system(name)])).toBe(ramWrite);
  });

  it.each([
    ['star-colon-star on star', doc(allow('*:*')), true, true],
    ['NotAction of one service', doc({ Effect: 'Allow', NotAction: 'ecs:*', Resource: '*' }), false, true],
    ['NotAction of ram', doc({ Effect: 'Allow', NotAction: 'ram:*', Resource: '*' }), false, false],
    ['wildcard attach', doc(allow('ram:Attach*')), false, true],
    ['create policy version', doc(allow('ram:CreatePolicyVersion', 'acs:ram::1:policy/p')), false, true],
    ['a wildcard that hits Put', doc(allow('ram:P*')), false, true],
    ['RAM reads only', doc(allow(['ram:Get*', 'ram:List*'])), false, false],
    ['RAM write on another service resource', doc(allow('ram:*', 'acs:ecs:*:*:*')), false, false],
    [
      'admin with a condition is still admin',
      doc(allow('*', '*', when({ Bool: { 'acs:MFAPresent': 'true' } }))),
      true,
      true,
    ],
    ['admin cancelled by an unconditional deny-all', doc(allow('*'), deny('*')), false, false],
    [
      'admin not cancelled by a conditional deny',
      doc(allow('*'), deny('*', '*', when({ Bool: { 'acs:MFAPresent': 'false' } }))),
      true,
      true,
    ],
    ['RAM write cancelled by deny ram:*', doc(allow('*'), deny('ram:*')), true, false],
  ])('%s', (_name, document, administrative, ramWrite) => {
    expect(isAdministrative([parse(document)])).toBe(administrative);
    expect(grantsRamWrite([parse(document)])).toBe(ramWrite);
  });

  it('names the statements that grant administrative power', () => {
    expect(
      administrativeStatements([parse(doc(allow('ram:*'))), parse(doc(allow('ram:Get*'), allow('*')))]),
    ).toEqual([{ policyIndex: 1, statementIndex: 1 }]);
  });
});
