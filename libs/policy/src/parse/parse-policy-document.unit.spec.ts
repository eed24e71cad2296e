import { rejection } from '../../testing/rejection.js';
import { parsePolicyDocument } from './parse-policy-document.js';
import { parseTrustPolicyDocument } from './parse-trust-policy.js';

const statement = (fields: Record<string, unknown>) =>
  JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', ...fields }] });

describe('parsePolicyDocument', () => {
  it('reads a full document', () => {
    const document = parsePolicyDocument(
      JSON.stringify({
        Version: '1',
        Statement: [
          {
            Sid: 'Read',
            Effect: 'Deny',
            NotAction: ['ram:Get*', 'ram:List*'],
            NotResource: 'acs:ram:*:*:user/*',
            Condition: { 'ForAnyValue:StringLikeIfExists': { 'ram:TagKeys': ['a*', 1, true] } },
          },
        ],
      }),
    );
    expect(document).toEqual({
      version: '1',
      statements: [
        {
          sid: 'Read',
          effect: 'Deny',
          action: { negated: true, patterns: ['ram:Get*', 'ram:List*'] },
          resource: { negated: true, patterns: ['acs:ram:*:*:user/*'] },
          conditions: [
            {
              operator: 'ForAnyValue:StringLikeIfExists',
              baseOperator: 'StringLike',
              qualifier: 'ForAnyValue',
              ifExists: true,
              key: 'ram:TagKeys',
              values: ['a*', '1', 'true'],
            },
          ],
        },
      ],
    });
  });

  it('keeps the source text of JSON numbers', () => {
    const document = parsePolicyDocument(
      statement({ Condition: { NumericEquals: { 'acs:MFAAge': [1.5, -0] } } }),
    );
    expect(document.statements[0]!.conditions[0]!.values).toEqual(['1.5', '0']);
    const raw =
      '{"Version":"1","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericEquals":{"a:b":1.50}}}}';
    expect(parsePolicyDocument(raw).statements[0]!.conditions[0]!.values).toEqual(['1.50']);
  });

  it('accepts whitespace and escapes that JSON allows', () => {
    const text =
      ' {\n\t"Version" : "1", "Statement" : { "Effect" : "Allow", "Action" : "ram:\\u0047et*", "Resource" : "*" } }\r\n';
    expect(parsePolicyDocument(text).statements[0]!.action.patterns).toEqual(['ram:Get*']);
  });

  const cases: [string, string, string, RegExp][] = [
    ['not JSON', 'hello', '$', /^not JSON/],
    ['truncated JSON', '{"Version": "1"', '$', /^not JSON: unexpected end/],
    ['trailing comma', '{"Version": "1",}', '$', /^not JSON/],
    ['text after the document', '{"Version":"1","Statement":[]} x', '$', /unexpected text after/],
    ['single quotes', "{'Version': '1'}", '$', /^not JSON/],
    ['control character in a string', '{"Version": "1\u0001"}', '$.Version', /control character/],
    ['invalid escape', '{"Version": "\\x"}', '$.Version', /invalid escape/],
    ['document is an array', '[]', '$', /must be an object/],
    ['missing Version', '{"Statement": []}', '$', /missing required key "Version"/],
    [
      'IAM version',
      '{"Version": "2012-10-17", "Statement": []}',
      '$.Version',
      /must be "1", got "2012-10-17"/,
    ],
    ['numeric version', '{"Version": 1, "Statement": []}', '$.Version', /must be "1", got a number/],
    ['missing Statement', '{"Version": "1"}', '$', /missing required key "Statement"/],
    [
      'Statement is a string',
      '{"Version": "1", "Statement": "x"}',
      '$.Statement',
      /must be an object or an array/,
    ],
    [
      'statement is not an object',
      '{"Version": "1", "Statement": [1]}',
      '$.Statement[0]',
      /must be an object/,
    ],
    ['unknown top-level key', '{"Version": "1", "Statement": [], "Id": "x"}', '$.Id', /unknown key "Id"/],
    [
      'wrong-case top-level key',
      '{"version": "1", "Statement": []}',
      '$.version',
      /must be written "Version"/,
    ],
    [
      'duplicate top-level key',
      '{"Version": "1", "Version": "1", "Statement": []}',
      '$.Version',
      /duplicate key "Version"/,
    ],
    [
      'duplicate key in a statement',
      '{"Version":"1","Statement":[{"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}]}',
      '$.Statement[0].Effect',
      /duplicate key "Effect"/,
    ],
    [
      'duplicate key in a condition',
      '{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"a:b":"true","a:b":"false"}}}]}',
      '$.Statement[0].Condition.Bool["a:b"]',
      /duplicate key "a:b"/,
    ],
    [
      'lower-case effect',
      statement({ Effect: 'allow' }),
      '$.Statement[0].Effect',
      /must be "Allow" or "Deny" \(case-sensitive\), got "allow"/,
    ],
    ['upper-case effect', statement({ Effect: 'DENY' }), '$.Statement[0].Effect', /case-sensitive/],
    ['unknown effect', statement({ Effect: 'Permit' }), '$.Statement[0].Effect', /got "Permit"/],
    [
      'missing effect',
      '{"Version":"1","Statement":[{"Action":"*","Resource":"*"}]}',
      '$.Statement[0]',
      /missing required key "Effect"/,
    ],
    [
      'unknown statement key',
      statement({ Principal: { RAM: '*' } }),
      '$.Statement[0].Principal',
      /unknown key "Principal"/,
    ],
    [
      'wrong-case statement key',
      statement({ condition: {} }),
      '$.Statement[0].condition',
      /must be written "Condition"/,
    ],
    [
      'Action and NotAction',
      statement({ NotAction: 'ram:*' }),
      '$.Statement[0]',
      /either "Action" or "NotAction"/,
    ],
    [
      'missing Action',
      '{"Version":"1","Statement":[{"Effect":"Allow","Resource":"*"}]}',
      '$.Statement[0]',
      /missing required key "Action" \(or "NotAction"\)/,
    ],
    [
      'missing Resource',
      '{"Version":"1","Statement":[{"Effect":"Allow","Action":"*"}]}',
      '$.Statement[0]',
      /missing required key "Resource"/,
    ],
    ['empty Action list', statement({ Action: [] }), '$.Statement[0].Action', /must not be an empty array/],
    [
      'Action is a number',
      statement({ Action: 5 }),
      '$.Statement[0].Action',
      /string or an array of strings, got a number/,
    ],
    [
      'Action list item not a string',
      statement({ Action: ['ram:*', null] }),
      '$.Statement[0].Action[1]',
      /must be a string, got null/,
    ],
    [
      'action without service',
      statement({ Action: 'ListUsers' }),
      '$.Statement[0].Action',
      /"<service>:<Operation>"/,
    ],
    [
      'action with two colons',
      statement({ Action: 'ram:a:b' }),
      '$.Statement[0].Action',
      /"<service>:<Operation>"/,
    ],
    [
      'action with a space',
      statement({ Action: 'ram:List Users' }),
      '$.Statement[0].Action',
      /"<service>:<Operation>"/,
    ],
    [
      'Cyrillic a in an action',
      statement({ Action: ['ram:*', 'r\u0430m:*'] }),
      '$.Statement[0].Action[1]',
      /non-ASCII character U\+0430 at offset 1; look-alike/,
    ],
    [
      'Cyrillic e in an operation',
      statement({ Action: 'ram:G\u0435tUser' }),
      '$.Statement[0].Action',
      /U\+0435/,
    ],
    ['fullwidth colon in an action', statement({ Action: 'ram\uff1a*' }), '$.Statement[0].Action', /U\+FF1A/],
    [
      'resource not an ARN',
      statement({ Resource: 'users/bob' }),
      '$.Statement[0].Resource',
      /must be "\*" or an ARN/,
    ],
    [
      'IAM ARN resource',
      statement({ Resource: 'arn:aws:s3:::b' }),
      '$.Statement[0].Resource',
      /must be "\*" or an ARN/,
    ],
    [
      'Cyrillic in resource service',
      statement({ Resource: 'acs:r\u0430m::1:user/x' }),
      '$.Statement[0].Resource',
      /must be "\*" or an ARN/,
    ],
    [
      'control character in a resource',
      statement({ Resource: 'acs:ram::1:user/\u0007' }),
      '$.Statement[0].Resource',
      /control character/,
    ],
    ['Condition is an array', statement({ Condition: [] }), '$.Statement[0].Condition', /must be an object/],
    [
      'unknown condition operator',
      statement({ Condition: { StringEqual: { 'a:b': 'c' } } }),
      '$.Statement[0].Condition.StringEqual',
      /unknown condition operator "StringEqual"/,
    ],
    [
      'wrong-case condition operator',
      statement({ Condition: { stringequals: { 'a:b': 'c' } } }),
      '$.Statement[0].Condition.stringequals',
      /did you mean "StringEquals"/,
    ],
    [
      'unknown qualifier',
      statement({ Condition: { 'ForSomeValues:StringEquals': { 'a:b': 'c' } } }),
      '$.Statement[0].Condition["ForSomeValues:StringEquals"]',
      /unknown condition operator/,
    ],
    [
      'IAM-only operator',
      statement({ Condition: { ArnLike: { 'a:b': 'c' } } }),
      '$.Statement[0].Condition.ArnLike',
      /unknown condition operator/,
    ],
    [
      'IfExists alone',
      statement({ Condition: { IfExists: { 'a:b': 'c' } } }),
      '$.Statement[0].Condition.IfExists',
      /unknown condition operator/,
    ],
    [
      'empty operator block',
      statement({ Condition: { StringEquals: {} } }),
      '$.Statement[0].Condition.StringEquals',
      /at least one condition key/,
    ],
    [
      'condition key without prefix',
      statement({ Condition: { StringEquals: { SourceIp: 'x' } } }),
      '$.Statement[0].Condition.StringEquals.SourceIp',
      /must look like "acs:SourceIp"/,
    ],
    [
      'condition key case duplicate',
      statement({ Condition: { Bool: { 'acs:MFAPresent': 'true', 'acs:mfapresent': 'true' } } }),
      '$.Statement[0].Condition.Bool["acs:mfapresent"]',
      /case-insensitive/,
    ],
    [
      'empty condition values',
      statement({ Condition: { StringEquals: { 'a:b': [] } } }),
      '$.Statement[0].Condition.StringEquals["a:b"]',
      /empty array/,
    ],
    [
      'object as condition value',
      statement({ Condition: { StringEquals: { 'a:b': {} } } }),
      '$.Statement[0].Condition.StringEquals["a:b"]',
      /must be a string, got an object/,
    ],
    [
      'null condition value in list',
      statement({ Condition: { StringEquals: { 'a:b': ['x', null] } } }),
      '$.Statement[0].Condition.StringEquals["a:b"][1]',
      /got null/,
    ],
    [
      'bad CIDR',
      statement({ Condition: { IpAddress: { 'acs:SourceIp': ['10.0.0.0/8', '10.0.0.0/33'] } } }),
      '$.Statement[0].Condition.IpAddress["acs:SourceIp"][1]',
      /IpAddress needs an IP address or CIDR range, got "10.0.0.0\/33"/,
    ],
    [
      'bad IPv6',
      statement({ Condition: { NotIpAddress: { 'acs:SourceIp': '2001:db8:::1' } } }),
      '$.Statement[0].Condition.NotIpAddress["acs:SourceIp"]',
      /CIDR range/,
    ],
    [
      'bad date',
      statement({ Condition: { DateLessThan: { 'acs:CurrentTime': '2024-13-01' } } }),
      '$.Statement[0].Condition.DateLessThan["acs:CurrentTime"]',
      /ISO 8601/,
    ],
    [
      'epoch date',
      statement({ Condition: { DateLessThan: { 'acs:CurrentTime': '1700000000' } } }),
      '$.Statement[0].Condition.DateLessThan["acs:CurrentTime"]',
      /ISO 8601/,
    ],
    [
      'bad number',
      statement({ Condition: { NumericLessThan: { 'acs:MFAAge': '1e3' } } }),
      '$.Statement[0].Condition.NumericLessThan["acs:MFAAge"]',
      /decimal number/,
    ],
    [
      'bad bool',
      statement({ Condition: { Bool: { 'acs:MFAPresent': 'yes' } } }),
      '$.Statement[0].Condition.Bool["acs:MFAPresent"]',
      /"true" or "false"/,
    ],
  ];

  it.each(cases)('rejects %s', (_name, text, path, reason) => {
    const { code, path: at, reason: why } = rejection(() => parsePolicyDocument(text));
    expect({ code, path: at, reason: why }).toEqual({
      code: 'MalformedPolicyDocument',
      path,
      reason: expect.stringMatching(reason),
    });
  });
});

describe('parseTrustPolicyDocument', () => {
  const trust = (fields: Record<string, unknown>) =>
    JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...fields }] });

  it('reads every principal kind, string or list', () => {
    const policy = parseTrustPolicyDocument(
      trust({
        Principal: {
          RAM: 'acs:ram::123:root',
          Service: ['ecs.aliyuncs.com'],
          Federated: 'acs:ram::123:saml-provider/idp',
        },
      }),
    );
    expect(policy.statements[0]!.principal).toEqual({
      ram: ['acs:ram::123:root'],
      service: ['ecs.aliyuncs.com'],
      federated: ['acs:ram::123:saml-provider/idp'],
    });
  });

  const cases: [string, string, string, RegExp][] = [
    ['missing principal', trust({}), '$.Statement[0]', /missing required key "Principal"/],
    [
      'Resource in a trust policy',
      trust({ Principal: { RAM: '*' }, Resource: '*' }),
      '$.Statement[0].Resource',
      /unknown key "Resource"/,
    ],
    ['principal is a string', trust({ Principal: '*' }), '$.Statement[0].Principal', /must be an object/],
    [
      'empty principal',
      trust({ Principal: {} }),
      '$.Statement[0].Principal',
      /at least one of RAM, Service, Federated/,
    ],
    [
      'IAM principal key',
      trust({ Principal: { AWS: '*' } }),
      '$.Statement[0].Principal.AWS',
      /unknown key "AWS"/,
    ],
    [
      'wrong-case principal key',
      trust({ Principal: { ram: '*' } }),
      '$.Statement[0].Principal.ram',
      /must be written "RAM"/,
    ],
    [
      'malformed RAM principal',
      trust({ Principal: { RAM: ['acs:ram::123:group/g'] } }),
      '$.Statement[0].Principal.RAM[0]',
      /RAM principal must look like/,
    ],
    [
      'Cyrillic in a service principal',
      trust({ Principal: { Service: '\u0435cs.aliyuncs.com' } }),
      '$.Statement[0].Principal.Service',
      /U\+0435/,
    ],
    [
      'malformed federated principal',
      trust({ Principal: { Federated: 'okta' } }),
      '$.Statement[0].Principal.Federated',
      /Federated principal must look like/,
    ],
  ];

  it.each(cases)('rejects %s', (_name, text, path, reason) => {
    const { code, path: at, reason: why } = rejection(() => parseTrustPolicyDocument(text));
    expect({ code, path: at, reason: why }).toEqual({
      code: 'MalformedPolicyDocument',
      path,
      reason: expect.stringMatching(reason),
    });
  });
});
