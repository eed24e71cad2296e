import fc from 'fast-check';
import { parseDecimal } from './decimal.js';
import { ipInRange, parseIpAddress, parseIpRange } from './ip-address.js';
import { parseIsoDate } from './iso-date.js';
import { compilePatternList, compileWildcard } from './string-matcher.js';
import { wildcardMatch } from './wildcard.js';

/** An independent oracle: the pattern as an anchored regular expression. */
const regexFor = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    's',
  );

describe('wildcard matching', () => {
  it.each([
    ['*', '', true],
    ['a*', 'a', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbb', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['*a*a*a*b', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', false],
    ['ab', 'AB', false],
  ])('%s ~ %s is %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
    expect(compileWildcard(pattern)(text)).toBe(expected);
  });

  it('agrees with a regular-expression oracle, generic and specialised', () => {
    const pattern = fc.stringMatching(/^[ab*?:]{0,8}$/);
    const text = fc.stringMatching(/^[ab:]{0,10}$/);
    fc.assert(
      fc.property(
        pattern,
        text,
        fc.array(fc.stringMatching(/^[ab*?]{0,4}$/), { maxLength: 4 }),
        (p, t, list) => {
          expect(wildcardMatch(p, t)).toBe(regexFor(p).test(t));
          expect(compileWildcard(p)(t)).toBe(regexFor(p).test(t));
          expect(compilePatternList([p, ...list])(t)).toBe([p, ...list].some((q) => regexFor(q).test(t)));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('IP addresses', () => {
  it.each([
    ['10.0.0.0/8', '10.255.255.255', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    ['0.0.0.0/0', '1.2.3.4', true],
    ['192.168.1.1', '192.168.1.1', true],
    ['2001:db8::/32', '2001:db8:ffff::1', true],
    ['2001:db8::/32', '2001:db9::', false],
    ['::/0', '::1', true],
    ['fe80::1/128', 'FE80:0:0:0:0:0:0:1', true],
    ['2001:db8::/127', '2001:db8::1', true],
    ['::ffff:10.0.0.0/120', '::ffff:10.0.0.200', true],
    ['10.0.0.0/8', '::ffff:10.0.0.1', false],
  ])('%s contains %s: %s', (range, address, expected) => {
    expect(ipInRange(parseIpAddress(address)!, parseIpRange(range)!)).toBe(expected);
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.0.0.1',
    '01.2.3.4',
    '1.2.3.4/',
    ':::',
    '1::2::3',
    '12345::',
    'g::1',
    '1:2:3:4:5:6:7:8:9',
    '::1%eth0',
  ])('rejects the address %p', (text) => expect(parseIpAddress(text)).toBeUndefined());

  it.each(['10.0.0.0/33', '::/129', '10.0.0.0/08', '10.0.0.0/-1', '10.0.0.0/a'])(
    'rejects the range %p',
    (text) => expect(parseIpRange(text)).toBeUndefined(),
  );
});

describe('ISO 8601 dates', () => {
  it.each([
    ['2024-06-01', Date.UTC(2024, 5, 1)],
    ['2024-06-01T12:30', Date.UTC(2024, 5, 1, 12, 30)],
    ['2024-06-01T12:30:15Z', Date.UTC(2024, 5, 1, 12, 30, 15)],
    ['2024-06-01T12:30:15.250Z', Date.UTC(2024, 5, 1, 12, 30, 15, 250)],
    ['2024-06-01T20:30:15+08:00', Date.UTC(2024, 5, 1, 12, 30, 15)],
    ['2024-06-01T06:30:15-0600', Date.UTC(2024, 5, 1, 12, 30, 15)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['0050-01-01', -60589296000000],
  ])('%s', (text, expected) => expect(parseIsoDate(text)).toBe(expected));

  it.each([
    '2023-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-06-31',
    '2024-06-01T24:00',
    '2024-06-01 12:00',
    '1700000000',
    'June 1',
    '2024-06-01T12:00+25:00',
  ])('rejects %p', (text) => expect(parseIsoDate(text)).toBeUndefined());
});

describe('decimal numbers', () => {
  it.each([
    ['12', 12],
    ['-3.5', -3.5],
    ['0', 0],
    ['007', 7],
  ])('%s', (text, expected) => expect(parseDecimal(text)).toBe(expected));
  it.each(['', '1e3', '0x10', 'NaN', 'Infinity', ' 1', '1.', '.5', '+1'])('rejects %p', (text) =>
    expect(parseDecimal(text)).toBeUndefined(),
  );
});
