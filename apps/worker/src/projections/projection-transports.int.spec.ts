/**
 * One suite, every ProjectionTransport (CONVENTIONS section 4): the in-process transport and the Kafka
 * consumer group, each run by the worker as in production, get the same events and must build the same
 * read model, exactly once per event, and must change nothing when events are delivered again.
 */
import { jest } from '@jest/globals';
import { type StoredEvent, resetCheckpoint } from '#event-store';
import { type KafkaConnection, connectToTestKafka, uniqueName, waitFor } from '#messaging';
import { projectionCheckpointName } from '#projections';
import { applicationCounts } from '../testing/counting.projection.js';
import { allEvents } from '../testing/kafka-delivery.js';
import {
  type UserRow,
  appendHistory,
  expectedUsers,
  scriptedUserHistory,
  usersView,
} from '../testing/scripted-users.js';
import {
  type TestInfrastructure,
  openTestInfrastructure,
  silentLog,
} from '../testing/test-infrastructure.js';
import { relayMessage } from '../relay/relay.js';
import { type Worker, startWorker } from '../worker.js';

jest.setTimeout(120_000);

interface Harness {
  /** Starts the worker with this transport. */
  start(test: TestInfrastructure): Promise<Worker>;
  /** Makes the transport hand these already-applied events over once more, as after a crash. */
  redeliver(test: TestInfrastructure, worker: Worker, events: StoredEvent[]): Promise<Worker>;
}

let kafka: KafkaConnection | undefined;
let topic = '';

const harnesses: [string, Harness][] = [
  [
    'in-process',
    {
      start: (test) => startWorker({ config: test.config, infra: test.infra, log: silentLog }),
      // A follower that restarts from an older checkpoint reads everything after it again.
      redeliver: async (test, worker) => {
        await worker.stop();
        for (const projection of test.infra.projections) {
          await resetCheckpoint(test.infra.db, projectionCheckpointName(projection));
        }
        return startWorker({ config: test.config, infra: test.infra, log: silentLog });
      },
    },
  ],
  [
    'kafka',
    {
      start: async (test) => {
        kafka ??= await connectToTestKafka('transport-suite');
        topic = uniqueName('suite');
        const config = { ...test.config, topic, consumerGroup: uniqueName('suite'), partitions: 3 };
        return startWorker({
          config,
          infra: test.infra,
          log: silentLog,
          kafka,
          consumer: { maxWaitTimeMs: 200 },
        });
      },
      // What a relay that crashed after publishing but before saving its checkpoint leaves on the topic.
      redeliver: async (_, worker, events) => {
        const publisher = kafka!.createPublisher();
        await publisher.publish(topic, events.map(relayMessage));
        await publisher.close();
        return worker;
      },
    },
  ],
];

const history = scriptedUserHistory();
const readModels = new Map<string, UserRow[]>();

describe.each(harnesses)('ProjectionTransport: %s', (name, harness) => {
  let test: TestInfrastructure;
  let worker: Worker;

  beforeAll(async () => {
    test = await openTestInfrastructure(`suite_${name}`);
  });

  afterAll(async () => {
    await worker?.stop();
    await test.close();
  });

  const caughtUp = async () => Object.values(await worker.stats.projectionLag()).every((lag) => lag === 0);

  it('applies every event exactly once and builds the read model the events describe', async () => {
    worker = await harness.start(test);
    const appended = await appendHistory(test.infra.store, history);
    await waitFor(caughtUp, 60_000, 'projections caught up');

    const view = await usersView(test.infra.db);
    expect(view).toEqual(expectedUsers(history));
    expect(await applicationCounts(test.infra.db)).toEqual({ events: appended, doubled: 0 });
    readModels.set(name, view);
  });

  it('changes nothing when every event is delivered again', async () => {
    const events = await allEvents(test.infra.store);
    const before = await usersView(test.infra.db);
    const counted = worker.stats.applied;
    const next = await harness.redeliver(test, worker, events);
    const base: Record<string, number> = next === worker ? counted : {};
    worker = next;
    await waitFor(
      () =>
        Object.entries(worker.stats.applied).every(
          ([projection, n]) => n - (base[projection] ?? 0) >= events.length,
        ),
      60_000,
      'every event delivered again',
    );

    expect(await usersView(test.infra.db)).toEqual(before);
    expect(await applicationCounts(test.infra.db)).toEqual({ events: events.length, doubled: 0 });
    expect(Object.values(await worker.stats.projectionLag())).toEqual(test.infra.projections.map(() => 0));
  });
});

it('both transports built the same read model from the same events', () => {
  expect([...readModels.keys()].sort()).toEqual(['in-process', 'kafka']);
  expect(readModels.get('kafka')).toEqual(readModels.get('in-process'));
  expect(readModels.get('kafka')).toHaveLength(20);
});
