import { rejection } from '../../testing/rejection.js';
import { parsePolicyDocument } from './parse-policy-document.js';

const valid = (statements: number) =>
  JSON.stringify({
    Version: '1',
    Statement: Array.from({ length: statements }, () => ({
      Effect: 'Allow',
      Action: 'ram:GetUser',
      Resource: '*',
    })),
  });

describe('hostile input', () => {
  it('rejects a 10 MB document by its length, without echoing it', () => {
    const huge = `{"Version":"1","Statement":[],"x":"${'A'.repeat(10 * 1024 * 1024)}"}`;
    const error = rejection(() => parsePolicyDocument(huge));
    expect([error.path, error.reason]).toEqual(['$', 'document is longer than 6144 characters']);
    expect(error.message.length).toBeLessThan(100);
  });

  it('enforces 6,144 characters by default and a configurable limit (2,048 for a session policy)', () => {
    const padded = (length: number) => {
      const base = valid(1);
      return base.slice(0, -1) + ' '.repeat(length - base.length) + '}';
    };
    expect(() => parsePolicyDocument(padded(6144))).not.toThrow();
    expect(rejection(() => parsePolicyDocument(padded(6145))).reason).toBe(
      'document is longer than 6144 characters',
    );
    expect(rejection(() => parsePolicyDocument(padded(2049), { maxLength: 2048 })).reason).toBe(
      'document is longer than 2048 characters',
    );
  });

  it('counts characters, not UTF-16 units', () => {
    const emoji = '\u{1F600}';
    const withSid = JSON.stringify({
      Version: '1',
      Statement: [{ Sid: emoji.repeat(3100), Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    expect(withSid.length).toBeGreaterThan(6144);
    expect([...withSid].length).toBeLessThan(6144);
    expect(() => parsePolicyDocument(withSid)).not.toThrow();
  });

  it('rejects 10,000-deep nesting by length, and by depth when the length limit is lifted', () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    expect(rejection(() => parsePolicyDocument(deep)).reason).toBe('document is longer than 6144 characters');
    const error = rejection(() => parsePolicyDocument(deep, { maxLength: 100_000 }));
    expect(error.reason).toBe('nesting deeper than 16 levels');
    expect(error.path).toBe(`$${'[0]'.repeat(16)}`);
  });

  it('rejects deep nesting inside a condition at the exact path', () => {
    let value = '"x"';
    for (let i = 0; i < 20; i++) value = `[${value}]`;
    const text = `{"Version":"1","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"a:b":${value}}}}}`;
    expect(rejection(() => parsePolicyDocument(text)).reason).toBe('nesting deeper than 16 levels');
  });

  it('treats __proto__ and constructor as ordinary (unknown) keys, never touching prototypes', () => {
    const proto = rejection(() =>
      parsePolicyDocument('{"__proto__": {"polluted": true}, "Version": "1", "Statement": []}'),
    );
    expect([proto.path, proto.reason]).toEqual([
      '$.__proto__',
      expect.stringMatching(/^unknown key "__proto__"/),
    ]);
    const inStatement = rejection(() =>
      parsePolicyDocument(
        '{"Version":"1","Statement":[{"constructor":1,"Effect":"Allow","Action":"*","Resource":"*"}]}',
      ),
    );
    expect(inStatement.path).toBe('$.Statement[0].constructor');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('accepts __proto__ as a condition key name only if it is a valid key, which it is not', () => {
    const text =
      '{"Version":"1","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"__proto__":"x"}}}}';
    expect(rejection(() => parsePolicyDocument(text)).reason).toMatch(/condition key must look like/);
  });

  it('shows look-alike and control characters escaped and long keys clipped in paths', () => {
    const longKey = 'K'.repeat(500);
    const error = rejection(() => parsePolicyDocument(`{"Version":"1","Statement":[],"${longKey}\u0430":1}`));
    expect(error.path).toBe(`$["${'K'.repeat(64)}..."]`);
    const cyrillic = rejection(() => parsePolicyDocument('{"V\u0435rsion":"1","Statement":[]}'));
    expect(cyrillic.path).toBe('$["V\\u0435rsion"]');
  });

  it('never echoes more than a short excerpt of a long value', () => {
    const longAction = `ram:${'x'.repeat(4000)} `;
    const error = rejection(() =>
      parsePolicyDocument(
        JSON.stringify({ Version: '1', Statement: { Effect: 'Allow', Action: longAction, Resource: '*' } }),
      ),
    );
    expect(error.message.length).toBeLessThan(250);
  });

  it('rejects a lone BOM or NUL as not JSON', () => {
    expect(rejection(() => parsePolicyDocument('\uFEFF{"Version":"1","Statement":[]}')).reason).toMatch(
      /^not JSON/,
    );
    expect(rejection(() => parsePolicyDocument('\u0000')).reason).toMatch(/^not JSON/);
  });

  it('rejects input that is not text', () => {
    expect(rejection(() => parsePolicyDocument(42 as unknown as string)).reason).toMatch(/must be text/);
  });
});
