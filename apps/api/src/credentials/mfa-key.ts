import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The key that seals MFA seeds: MFA_ENCRYPTION_KEY, or a key generated on first start and kept in
 * DATA_DIR/mfa-key (mode 0600) — outside the database, so a database copy alone does not reveal the seeds.
 */
export async function loadMfaEncryptionKey(dataDir: string, configured?: Buffer): Promise<Buffer> {
  if (configured) return configured;
  const file = join(dataDir, 'mfa-key');
  try {
    const stored = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (stored.length === 32) return stored;
    throw new Error(`${file} does not hold a 32-byte base64 key`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process starting beside this one created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadMfaEncryptionKey(dataDir);
    throw error;
  }
  return key;
}
