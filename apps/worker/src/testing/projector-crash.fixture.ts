/**
 * A projector that dies between its database commit and its offset commit: it applies the first batch it
 * gets (the counting projection, in one transaction), then SIGKILLs itself before the consumer can commit
 * the batch's offsets. Run by projection-redelivery.int.spec.ts.
 */
import { writeSync } from 'node:fs';
import { Database } from '#event-store';
import { KafkaConnection, silentLogger } from '#messaging';
import { KafkaProjectionTransport } from '#projections';
import { CountingProjection } from './counting.projection.js';

const env = process.env;
const db = new Database(env.DATABASE_URL!);
const connection = new KafkaConnection({
  brokers: env.KAFKA_BROKERS!.split(','),
  clientId: 'projector-crash-fixture',
  logger: silentLogger,
});
const subscription = connection.createSubscription({
  groupId: env.KAFKA_CONSUMER_GROUP!,
  topics: [env.KAFKA_TOPIC!],
  maxWaitTimeMs: 200,
  sessionTimeoutMs: 6000,
  rebalanceTimeoutMs: 10_000,
  heartbeatIntervalMs: 1000,
});
const transport = new KafkaProjectionTransport(subscription, db, [new CountingProjection()], (events) => {
  writeSync(1, `${JSON.stringify({ msg: 'batch committed to the database', events })}\n`);
  process.kill(process.pid, 'SIGKILL');
});
await transport.start();
writeSync(1, `${JSON.stringify({ msg: 'joined' })}\n`);
