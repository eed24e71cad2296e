import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRootCredential } from './root-token.js';

describe('the root credential', () => {
  it('matches the configured token only: not a prefix, an extension or another token of its length', async () => {
    const root = await loadRootCredential('/nonexistent', 'root-token-0123456789');
    expect(root.matches('root-token-0123456789')).toBe(true);
    expect(root.matches('root-token-0123456788')).toBe(false);
    expect(root.matches('root-token-012345678')).toBe(false);
    expect(root.matches('root-token-01234567890')).toBe(false);
    expect(root.matches('')).toBe(false);
    expect(root.matches('röot-token-012345678')).toBe(false); // same length in characters, not in bytes
  });

  it('generates a token on first start, keeps it in DATA_DIR and matches it after a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'root-token-'));
    try {
      const first = await loadRootCredential(dataDir);
      expect(first.generated).toMatch(/^alr_/);
      expect((await readFile(join(dataDir, 'root-token'), 'utf8')).trim()).toBe(first.generated);
      const again = await loadRootCredential(dataDir);
      expect(again.generated).toBeUndefined();
      expect(again.matches(first.generated!)).toBe(true);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
