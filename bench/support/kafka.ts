import { KafkaConnection, createStderrLogger, ensureKafka, uniqueName } from '#messaging';

export const PARTITIONS = 6;

export interface BenchKafka {
  connection: KafkaConnection;
  /** A new topic of PARTITIONS partitions, deleted again by close(). */
  createTopic(prefix: string): Promise<string>;
  close(): Promise<void>;
}

/** The project's broker (KAFKA_BROKERS, else scripts/kafka.sh start) and throwaway topics on it. */
export async function openBenchKafka(clientId: string): Promise<BenchKafka> {
  const brokers = await ensureKafka();
  const connection = new KafkaConnection({
    brokers: brokers.split(','),
    clientId,
    logger: createStderrLogger('warn'),
    logLevel: 'error',
  });
  const topics: string[] = [];
  return {
    connection,
    createTopic: async (prefix) => {
      const topic = uniqueName(prefix);
      await connection.createTopicAdmin().ensureTopic(topic, PARTITIONS);
      topics.push(topic);
      return topic;
    },
    close: async () => {
      if (topics.length === 0) return;
      const admin = connection.kafka.admin();
      await admin.connect();
      try {
        await admin.deleteTopics({ topics, timeout: 30_000 });
      } finally {
        await admin.disconnect();
      }
    },
  };
}
