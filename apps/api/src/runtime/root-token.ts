import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface RootCredential {
  /** Constant-time check of a presented bearer token. */
  matches(token: string): boolean;
  /** Set only when this start generated the token, so it can be printed exactly once. */
  generated?: string;
  file?: string;
}

/** ROOT_TOKEN, or the token kept in DATA_DIR/root-token (mode 0600), generated on first start. */
export async function loadRootCredential(dataDir: string, configured?: string): Promise<RootCredential> {
  if (configured) return credential(configured);
  const file = join(dataDir, 'root-token');
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= 16) return { ...credential(stored), file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = `alr_${randomBytes(32).toString('base64url')}`;
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process (the worker starting beside the api) created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadRootCredential(dataDir);
    throw error;
  }
  return { ...credential(token), generated: token, file };
}

function credential(token: string): RootCredential {
  const expected = Buffer.from(token, 'utf8');
  return {
    // Constant time for a token of the right length; a wrong length is refused after the same comparison of
    // the expected token with itself, so timing tells at most the length, never a matching prefix.
    matches: (presented) => {
      const given = Buffer.from(presented, 'utf8');
      const same = given.length === expected.length;
      return timingSafeEqual(same ? given : expected, expected) && same;
    },
  };
}
