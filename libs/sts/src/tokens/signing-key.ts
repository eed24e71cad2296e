import { loadOrCreateKeyFile } from '#platform';

export const STS_SIGNING_KEY_FILE = 'sts-signing-key';

/**
 * The key that signs STS tokens: STS_SIGNING_KEY, or a key generated on first start and kept in
 * DATA_DIR/sts-signing-key (mode 0600), outside the database, so a database copy cannot mint tokens.
 */
export const loadStsSigningKey = (dataDir: string, configured?: Buffer) =>
  loadOrCreateKeyFile(dataDir, STS_SIGNING_KEY_FILE, configured);
