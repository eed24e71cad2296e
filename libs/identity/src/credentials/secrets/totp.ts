import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as authenticator apps expect it: SHA-1, 6 digits, 30 s. */
const PARAMETERS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
const ISSUER = 'Access Ledger';

export const newMfaSeed = () => randomBytes(20);

export function mfaEnrollment(seed: Buffer, accountId: string, userName: string) {
  const secret = new Secret({ buffer: new Uint8Array(seed).buffer });
  const totp = new TOTP({ ...PARAMETERS, issuer: ISSUER, label: `${userName}@${accountId}`, secret });
  return { secretBase32: secret.base32, otpauthUri: totp.toString() };
}

const CODE = /^\d{6}$/;

/** The time step whose code this is, within one step of clock drift either way; undefined if none. */
export function matchingStep(seed: Buffer, code: string, now: Date): number | undefined {
  if (!CODE.test(code)) return undefined;
  const secret = new Secret({ buffer: new Uint8Array(seed).buffer });
  const timestamp = now.getTime();
  const delta = TOTP.validate({ ...PARAMETERS, token: code, secret, timestamp, window: 1 });
  if (delta === null) return undefined;
  return TOTP.counter({ period: PARAMETERS.period, timestamp }) + delta;
}

/**
 * Binding proves the user's authenticator is in sync: two codes of consecutive steps, the later one being
 * the current step or one of its neighbours.
 */
export function areConsecutiveCodes(seed: Buffer, code1: string, code2: string, now: Date): boolean {
  const second = matchingStep(seed, code2, now);
  if (second === undefined || !CODE.test(code1)) return false;
  const secret = new Secret({ buffer: new Uint8Array(seed).buffer });
  const expected = TOTP.generate({
    ...PARAMETERS,
    secret,
    timestamp: (second - 1) * PARAMETERS.period * 1000,
  });
  return timingSafeEqual(Buffer.from(expected), Buffer.from(code1));
}
