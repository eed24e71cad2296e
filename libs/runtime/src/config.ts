import { resolve } from 'node:path';

/** Everything the service reads from its environment (API.md "Configuration"). */
export interface RuntimeConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  kafkaBrokers?: string;
  dataDir: string;
  rootToken?: string;
  accountId?: string;
  topic: string;
  partitions: number;
  consumerGroup: string;
  logLevel: string;
  /** MFA_ENCRYPTION_KEY (base64, 32 bytes): seals MFA seeds; unset: a key generated once in DATA_DIR. */
  mfaEncryptionKey?: Buffer;
  /** STS_SIGNING_KEY (base64, 32 bytes): signs STS tokens; unset: a key generated once in DATA_DIR. */
  stsSigningKey?: Buffer;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const port = integer(env.PORT, 3000, 'PORT', 0, 65535);
  const accountId = env.ACCOUNT_ID?.trim() || undefined;
  if (accountId !== undefined && !/^\d{16}$/.test(accountId))
    throw new ConfigError('ACCOUNT_ID must be 16 digits');
  const rootToken = env.ROOT_TOKEN?.trim() || undefined;
  if (rootToken !== undefined && rootToken.length < 16)
    throw new ConfigError('ROOT_TOKEN must be at least 16 characters');
  return {
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    kafkaBrokers: env.KAFKA_BROKERS?.trim() || undefined,
    dataDir: resolve(env.DATA_DIR?.trim() || './.data'),
    rootToken,
    accountId,
    topic: env.KAFKA_TOPIC?.trim() || 'access-ledger.events',
    partitions: integer(env.KAFKA_PARTITIONS, 6, 'KAFKA_PARTITIONS', 1, 1000),
    consumerGroup: env.KAFKA_CONSUMER_GROUP?.trim() || 'access-ledger.projections',
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    mfaEncryptionKey: encryptionKey(env.MFA_ENCRYPTION_KEY, 'MFA_ENCRYPTION_KEY'),
    stsSigningKey: encryptionKey(env.STS_SIGNING_KEY, 'STS_SIGNING_KEY'),
  };
}

function integer(
  value: string | undefined,
  fallback: number,
  name: string,
  min: number,
  max: number,
): number {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}`);
  }
  return parsed;
}

function encryptionKey(value: string | undefined, name: string): Buffer | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const key = Buffer.from(value.trim(), 'base64');
  // Not echoing the value: it is a secret.
  if (key.length !== 32) throw new ConfigError(`${name} must be 32 bytes, base64-encoded`);
  return key;
}
