import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '#runtime';
import { loadStsSigningKey, STS_SIGNING_KEY_FILE } from './signing-key.js';

describe('STS signing key', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sts-key-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('is generated once (mode 0600), even by two processes starting at once, and survives restarts', async () => {
    const [api, worker] = await Promise.all([loadStsSigningKey(dataDir), loadStsSigningKey(dataDir)]);
    expect(api).toHaveLength(32);
    expect(worker.equals(api)).toBe(true);
    expect((await stat(join(dataDir, STS_SIGNING_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect((await loadStsSigningKey(dataDir)).equals(api)).toBe(true);
  });

  it('comes from STS_SIGNING_KEY when set (32 bytes of base64), writing nothing', async () => {
    const key = randomBytes(32);
    const config = loadConfig({ STS_SIGNING_KEY: key.toString('base64') });
    expect((await loadStsSigningKey(dataDir, config.stsSigningKey)).equals(key)).toBe(true);
    expect(await readdir(dataDir)).toEqual([]);
    expect(() => loadConfig({ STS_SIGNING_KEY: 'c2hvcnQ=' })).toThrow(ConfigError);
  });
});
