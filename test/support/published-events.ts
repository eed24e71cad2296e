import { connectKafka, createLogger, type RuntimeConfig } from '#runtime';
import { readTopic } from '../../apps/worker/src/testing/kafka-delivery.js';

/**
 * Every message the relay published to the service's topic (its key, headers and value), as one text to scan
 * for secrets; empty for the in-process transport, which publishes nothing.
 */
export async function publishedEventsText(config: RuntimeConfig, events: number): Promise<string> {
  const kafka = connectKafka(config, createLogger('silent'), 'secret-scan');
  if (!kafka) return '';
  const messages = await readTopic(kafka, config.topic, events);
  return messages.map((m) => `${m.key} ${JSON.stringify(m.headers)} ${m.value}`).join('\n');
}
