import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { MfaSeedCipher } from './mfa-seed-cipher.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password-hash.js';
import { ACCESS_KEY_ID, newAccessKeyId, newAccessKeySecret, newSessionToken } from './random-credentials.js';
import { areConsecutiveCodes, matchingStep, mfaEnrollment, newMfaSeed } from './totp.js';

describe('password hashing', () => {
  it('verifies the password it hashed, with a fresh salt each time, and nothing else', async () => {
    const first = await hashPassword('Str0ng-Pass');
    const second = await hashPassword('Str0ng-Pass');
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('Str0ng-Pass');
    expect(await verifyPassword('Str0ng-Pass', first)).toBe(true);
    expect(await verifyPassword('Str0ng-pass', first)).toBe(false);
    expect(await verifyPassword('Str0ng-Pass', 'garbage')).toBe(false);
    expect(await verifyAgainstDummy('Str0ng-Pass')).toBe(false);
  });
});

describe('MFA seed cipher', () => {
  it('round-trips a seed for the same user only', () => {
    const cipher = new MfaSeedCipher(randomBytes(32));
    const seed = newMfaSeed();
    const sealed = cipher.encrypt(seed, 'u-1');
    expect(sealed).not.toContain(seed.toString('base64'));
    expect(cipher.decrypt(sealed, 'u-1').equals(seed)).toBe(true);
    expect(() => cipher.decrypt(sealed, 'u-2')).toThrow();
    expect(() => new MfaSeedCipher(randomBytes(32)).decrypt(sealed, 'u-1')).toThrow();
    expect(() => new MfaSeedCipher(randomBytes(16))).toThrow();
  });
});

describe('TOTP', () => {
  const seed = newMfaSeed();
  const { secretBase32, otpauthUri } = mfaEnrollment(seed, '1234567890123456', 'alice');
  const secret = Secret.fromBase32(secretBase32);
  const now = new Date('2026-03-01T10:00:10.000Z');
  const codeAt = (offsetSteps: number) =>
    TOTP.generate({ secret, timestamp: now.getTime() + offsetSteps * 30_000 });

  it('enrolls with an otpauth URI that authenticator apps read', () => {
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Access%20Ledger:alice%401234567890123456\?/);
    expect(otpauthUri).toContain(`secret=${secretBase32}`);
    expect(otpauthUri).toContain('algorithm=SHA1&digits=6&period=30');
  });

  it('matches the current code and its neighbours only', () => {
    const current = TOTP.counter({ timestamp: now.getTime() });
    expect(matchingStep(seed, codeAt(0), now)).toBe(current);
    expect(matchingStep(seed, codeAt(-1), now)).toBe(current - 1);
    expect(matchingStep(seed, codeAt(-3), now)).toBeUndefined();
    expect(matchingStep(seed, '12345', now)).toBeUndefined();
  });

  it('accepts two consecutive codes for binding, in order', () => {
    expect(areConsecutiveCodes(seed, codeAt(-1), codeAt(0), now)).toBe(true);
    expect(areConsecutiveCodes(seed, codeAt(0), codeAt(1), now)).toBe(true);
    expect(areConsecutiveCodes(seed, codeAt(0), codeAt(-1), now)).toBe(false);
    expect(areConsecutiveCodes(seed, codeAt(-2), codeAt(0), now)).toBe(false);
    expect(areConsecutiveCodes(seed, codeAt(0), codeAt(0), now)).toBe(false);
  });
});

describe('random credentials', () => {
  it('look like RAM AccessKeys and differ every time', () => {
    expect(newAccessKeyId()).toMatch(ACCESS_KEY_ID);
    expect(newAccessKeySecret()).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(newSessionToken()).toMatch(/^alc_[A-Za-z0-9_-]{43}$/);
    expect(newAccessKeySecret()).not.toBe(newAccessKeySecret());
  });
});
