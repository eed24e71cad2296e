import type { MessagingLogger, MessagingLogLevel } from '../logger.js';

/** How to reach Kafka. Built from the environment by {@link kafkaConfigFromEnv} or by hand in tests. */
export interface KafkaConnectionConfig {
  /** host:port of one or more brokers. */
  brokers: string[];
  clientId: string;
  /** TCP connect timeout (ms). Default 3000. */
  connectionTimeoutMs?: number;
  /** Request timeout (ms). Default 30000. */
  requestTimeoutMs?: number;
  /** Replication factor of topics created by KafkaTopicAdmin. Default 1. */
  replicationFactor?: number;
  /** kafkajs' own log level. Default 'warn'. */
  logLevel?: MessagingLogLevel;
  /** Where the adapters and kafkajs log. Default: JSON lines on stderr, info and above. */
  logger?: MessagingLogger;
}

export class KafkaConfigError extends Error {
  override readonly name = 'KafkaConfigError';
}

const LOG_LEVELS: readonly MessagingLogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Parses a comma-separated broker list (`host:port,host:port`); rejects entries without a port. */
export function parseBrokers(value: string): string[] {
  const brokers = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (brokers.length === 0) throw new KafkaConfigError('KAFKA_BROKERS is empty');
  for (const broker of brokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker) && !/^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(broker)) {
      throw new KafkaConfigError(`KAFKA_BROKERS entry "${broker}" is not host:port`);
    }
  }
  return brokers;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new KafkaConfigError(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/**
 * Reads the Kafka settings from the environment, or `undefined` when `KAFKA_BROKERS` is unset (embedded mode).
 *
 * - `KAFKA_BROKERS` comma-separated `host:port` list (required for Kafka mode)
 * - `KAFKA_CLIENT_ID` (default: `defaultClientId`)
 * - `KAFKA_LOG_LEVEL` debug | info | warn | error (kafkajs' own logs; default warn)
 * - `KAFKA_REPLICATION_FACTOR` for topics the service creates (default 1)
 * - `KAFKA_CONNECTION_TIMEOUT_MS`, `KAFKA_REQUEST_TIMEOUT_MS`
 */
export function kafkaConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  defaultClientId = 'access-ledger',
): KafkaConnectionConfig | undefined {
  const brokers = env.KAFKA_BROKERS;
  if (brokers === undefined || brokers.trim() === '') return undefined;
  const logLevel = env.KAFKA_LOG_LEVEL?.trim().toLowerCase();
  if (logLevel && !LOG_LEVELS.includes(logLevel as MessagingLogLevel)) {
    throw new KafkaConfigError(`KAFKA_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  return {
    brokers: parseBrokers(brokers),
    clientId: env.KAFKA_CLIENT_ID?.trim() || defaultClientId,
    logLevel: (logLevel as MessagingLogLevel | undefined) || 'warn',
    replicationFactor: positiveInt(env, 'KAFKA_REPLICATION_FACTOR'),
    connectionTimeoutMs: positiveInt(env, 'KAFKA_CONNECTION_TIMEOUT_MS'),
    requestTimeoutMs: positiveInt(env, 'KAFKA_REQUEST_TIMEOUT_MS'),
  };
}
