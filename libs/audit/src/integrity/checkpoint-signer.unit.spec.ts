import { randomBytes } from 'node:crypto';
import { CheckpointSigner } from './checkpoint-signer.js';

describe('audit checkpoint signatures', () => {
  const signer = CheckpointSigner.fromSeed(randomBytes(32));
  const checkpoint = signer.sign({
    position: 42,
    chainLength: 40,
    headHash: 'ab'.repeat(32),
    time: '2026-11-29T16:00:00.000Z',
  });

  it('verifies a checkpoint it signed', () => {
    expect(checkpoint).toMatchObject({ keyId: signer.keyId, algorithm: 'Ed25519' });
    expect(signer.verifies(checkpoint)).toBe(true);
  });

  it.each([
    ['a shorter chain', { chainLength: 39 }],
    ['another head', { headHash: 'cd'.repeat(32) }],
    ['another position', { position: 41 }],
    ['another time', { time: '2026-11-29T16:00:01.000Z' }],
    ['another key id', { keyId: 'ffffffffffffffff' }],
    ['a garbled signature', { signature: 'AAAA' }],
  ])('refuses it with %s', (_, change) => {
    expect(signer.verifies({ ...checkpoint, ...change })).toBe(false);
  });

  it('refuses a checkpoint signed by another key', () => {
    expect(CheckpointSigner.fromSeed(randomBytes(32)).verifies(checkpoint)).toBe(false);
  });
});
