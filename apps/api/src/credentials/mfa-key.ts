import { loadOrCreateKeyFile } from '#platform';

/**
 * The key that seals MFA seeds: MFA_ENCRYPTION_KEY, or a key generated on first start and kept in
 * DATA_DIR/mfa-key (mode 0600) — outside the database, so a database copy alone does not reveal the seeds.
 */
export const loadMfaEncryptionKey = (dataDir: string, configured?: Buffer): Promise<Buffer> =>
  loadOrCreateKeyFile(dataDir, 'mfa-key', configured);
