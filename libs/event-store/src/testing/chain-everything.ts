import { verifyChain } from '../chain/chain-verifier.js';
import { EventChainer } from '../chain/event-chainer.js';
import type { EventStore } from '../event-store.js';
import { waitUntil } from './wait-until.js';

/**
 * Chains every event appended so far. The commit-order guard is server-wide: another database's open
 * transaction holds the chainer back (never reorders it), so this waits instead of draining once.
 */
export async function chainEverything(store: EventStore): Promise<void> {
  const chainer = new EventChainer(store);
  await waitUntil(async () => {
    await chainer.drain();
    return (await verifyChain(store.db)).unchainedEvents === 0;
  }, 60_000);
}
