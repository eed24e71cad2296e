// kafkajs is CommonJS: in ESM take its exports from the default import (named imports are not reliable
// across Node and Jest's ESM loader). Types come from its declarations.
import kafkajs from 'kafkajs';

export const { Kafka, Partitioners, logLevel: KafkaLogLevel } = kafkajs;
export type {
  Admin,
  Consumer,
  ConsumerCrashEvent,
  EachBatchPayload,
  IHeaders,
  KafkaConfig,
  KafkaMessage,
  LogEntry,
  Producer,
  logCreator as LogCreator,
  logLevel as KafkaLogLevelValue,
} from 'kafkajs';
export type KafkaClient = InstanceType<typeof Kafka>;
