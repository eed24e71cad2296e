import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Reads a generated secret, creating it (mode 0600) on first use. Written aside and linked into place so
 * that concurrent first starts agree on one value and never read a half-written file.
 */
export async function ensureSecretFile(
  path: string,
  generate: () => string = () => randomBytes(24).toString('base64url'),
): Promise<string> {
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing?.trim()) return existing.trim();
  const draft = `${path}.${randomBytes(6).toString('hex')}`;
  await writeFile(draft, `${generate()}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(draft);
  }
  return (await readFile(path, 'utf8')).trim();
}

/**
 * A 32-byte key (MFA seeds, STS tokens): the configured one, else the one kept base64 in `dataDir/fileName`,
 * generated there on first start — outside the database, so a copy of the database alone reveals nothing.
 */
export async function loadOrCreateKeyFile(
  dataDir: string,
  fileName: string,
  configured?: Buffer,
): Promise<Buffer> {
  if (configured) return configured;
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, fileName);
  const key = Buffer.from(await ensureSecretFile(file, () => randomBytes(32).toString('base64')), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
  return key;
}
