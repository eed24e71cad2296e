import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '#runtime';
import { loadMfaEncryptionKey } from './mfa-key.js';

describe('MFA encryption key', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mfa-key-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('is generated once into DATA_DIR/mfa-key (0600) and then reused', async () => {
    const first = await loadMfaEncryptionKey(dataDir);
    expect(first).toHaveLength(32);
    expect((await stat(join(dataDir, 'mfa-key'))).mode & 0o777).toBe(0o600);
    expect((await loadMfaEncryptionKey(dataDir)).equals(first)).toBe(true);
  });

  it('prefers MFA_ENCRYPTION_KEY, which must be 32 bytes of base64', async () => {
    const key = randomBytes(32);
    const config = loadConfig({ MFA_ENCRYPTION_KEY: key.toString('base64') });
    expect((await loadMfaEncryptionKey(dataDir, config.mfaEncryptionKey)).equals(key)).toBe(true);
    await expect(readFile(join(dataDir, 'mfa-key'))).rejects.toThrow();
    expect(() => loadConfig({ MFA_ENCRYPTION_KEY: randomBytes(16).toString('base64') })).toThrow(ConfigError);
  });

  it('refuses a damaged key file rather than silently sealing with a new key', async () => {
    await writeFile(join(dataDir, 'mfa-key'), 'c2hvcnQ=\n');
    await expect(loadMfaEncryptionKey(dataDir)).rejects.toThrow(/32-byte/);
  });
});
