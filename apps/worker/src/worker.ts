import type { KafkaConnection } from '#messaging';
import { createProjectionTransport, type Infrastructure, type Logger, type RuntimeConfig } from '#runtime';
import { Relay } from './relay/relay.js';

export interface RunningWorker {
  stop(): Promise<void>;
}

/** Projections (Kafka consumer group, or in-process without Kafka) and, with Kafka, the relay. */
export async function startWorker(deps: {
  config: RuntimeConfig;
  infra: Infrastructure;
  log: Logger;
  kafka?: KafkaConnection;
}): Promise<RunningWorker> {
  const { config, infra, log, kafka } = deps;
  let relay: Relay | undefined;
  if (kafka) {
    await kafka.createTopicAdmin().ensureTopic(config.topic, config.partitions);
    const publisher = kafka.createPublisher();
    relay = new Relay(infra.store, infra.db, publisher, {
      topic: config.topic,
      onError: (error) => log.warn({ err: error instanceof Error ? error.message : 'error' }, 'relay batch failed'),
    });
    await relay.start();
    const stopRelay = relay.stop.bind(relay);
    relay.stop = async () => {
      await stopRelay();
      await publisher.close();
    };
  }
  const transport = createProjectionTransport(config, infra, log, kafka);
  await transport.start();
  return {
    stop: async () => {
      await relay?.stop();
      await transport.stop();
    },
  };
}
