import { KafkaConfigError, kafkaConfigFromEnv, parseBrokers } from './kafka-config.js';

describe('parseBrokers', () => {
  it('splits and trims a comma-separated list', () => {
    expect(parseBrokers(' 127.0.0.1:9092, kafka-2:19092 ,[::1]:9092,')).toEqual([
      '127.0.0.1:9092',
      'kafka-2:19092',
      '[::1]:9092',
    ]);
  });

  it('rejects entries without a port and an empty list', () => {
    expect(() => parseBrokers('localhost')).toThrow(KafkaConfigError);
    expect(() => parseBrokers(' , ')).toThrow(KafkaConfigError);
  });
});

describe('kafkaConfigFromEnv', () => {
  it('is undefined without KAFKA_BROKERS (embedded mode)', () => {
    expect(kafkaConfigFromEnv({})).toBeUndefined();
    expect(kafkaConfigFromEnv({ KAFKA_BROKERS: '  ' })).toBeUndefined();
  });

  it('reads brokers, client id, log level and numbers', () => {
    expect(
      kafkaConfigFromEnv(
        {
          KAFKA_BROKERS: 'a:1,b:2',
          KAFKA_CLIENT_ID: 'worker-1',
          KAFKA_LOG_LEVEL: 'ERROR',
          KAFKA_REPLICATION_FACTOR: '3',
          KAFKA_REQUEST_TIMEOUT_MS: '5000',
        },
        'fallback',
      ),
    ).toEqual({
      brokers: ['a:1', 'b:2'],
      clientId: 'worker-1',
      logLevel: 'error',
      replicationFactor: 3,
      requestTimeoutMs: 5000,
      connectionTimeoutMs: undefined,
    });
    expect(kafkaConfigFromEnv({ KAFKA_BROKERS: 'a:1' }, 'api')).toMatchObject({
      clientId: 'api',
      logLevel: 'warn',
    });
  });

  it('rejects bad values with the variable named', () => {
    expect(() => kafkaConfigFromEnv({ KAFKA_BROKERS: 'a:1', KAFKA_LOG_LEVEL: 'loud' })).toThrow(
      /KAFKA_LOG_LEVEL/,
    );
    expect(() => kafkaConfigFromEnv({ KAFKA_BROKERS: 'a:1', KAFKA_REPLICATION_FACTOR: '0' })).toThrow(
      /KAFKA_REPLICATION_FACTOR/,
    );
  });
});
