import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const STS_SIGNING_KEY_FILE = 'sts-signing-key';

/**
 * The key that signs STS tokens: STS_SIGNING_KEY, or a key generated on first start and kept in
 * DATA_DIR/sts-signing-key (mode 0600), outside the database, so a database copy cannot mint tokens.
 */
export const loadStsSigningKey = (dataDir: string, configured?: Buffer) =>
  loadOrCreateKeyFile(dataDir, STS_SIGNING_KEY_FILE, configured);

/** A 32-byte key: the configured one, the one kept in `dataDir/fileName`, or a new one written there. */
export async function loadOrCreateKeyFile(
  dataDir: string,
  fileName: string,
  configured?: Buffer,
): Promise<Buffer> {
  if (configured) return configured;
  const file = join(dataDir, fileName);
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
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKeyFile(dataDir, fileName);
    throw error;
  }
  return key;
}
