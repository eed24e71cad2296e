import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';

// N = 2^15, r = 8: 32 MiB and tens of milliseconds per guess. The parameters are stored with each hash so
// they can be raised later without invalidating existing passwords.
const PARAMETERS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

const derive = (password: string, salt: Buffer, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { ...options, maxmem: 256 * options.N! * options.r! },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );

/** `scrypt$N$r$p$salt$hash` (base64): the only form in which a password is kept. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, PARAMETERS);
  const { N, r, p } = PARAMETERS;
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: +N, r: +r, p: +p });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// The hash of a random password nobody kept: verifying against it costs what a real verification costs.
const DUMMY_HASH = 'scrypt$32768$8$1$L3CTsxBlpnyytF+w2Gqtcg==$NtVg6AJN7mwSw+XAiSr/5m4QuKMTD++U2iNQlR5mzvs=';

/**
 * Spends the same time as a real verification, for a user that does not exist or has no password, so the
 * response time does not reveal which user names exist. Always false.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(password, DUMMY_HASH);
  return false;
}
