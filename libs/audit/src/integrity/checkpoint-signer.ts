import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { join } from 'node:path';
import { ensureSecretFile } from '#platform';

/** A signed statement "the chain had this head at this length": kept outside the database by the auditor. */
export interface AuditCheckpoint {
  position: number;
  chainLength: number;
  headHash: string;
  time: string;
  keyId: string;
  algorithm: 'Ed25519';
  /** base64 Ed25519 signature over `signedText(checkpoint)`. */
  signature: string;
}

export type UnsignedCheckpoint = Omit<AuditCheckpoint, 'keyId' | 'algorithm' | 'signature'>;

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410).
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Exactly what is signed: a versioned, line-per-field text, so no JSON key order question arises. */
export function signedText(checkpoint: Omit<AuditCheckpoint, 'signature'>): string {
  return [
    'access-ledger-audit-checkpoint/1',
    checkpoint.keyId,
    checkpoint.chainLength,
    checkpoint.position,
    checkpoint.headHash,
    checkpoint.time,
  ].join('\n');
}

/** Signs and checks checkpoints with the deployment's Ed25519 key. */
export class CheckpointSigner {
  readonly keyId: string;
  readonly publicKey: KeyObject;

  constructor(private readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    const spki = this.publicKey.export({ type: 'spki', format: 'der' });
    this.keyId = createHash('sha256').update(spki).digest('hex').slice(0, 16);
  }

  /** The key from a 32-byte seed. */
  static fromSeed(seed: Buffer): CheckpointSigner {
    return new CheckpointSigner(
      createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' }),
    );
  }

  /** The public key (PEM) an auditor pins to verify exported checkpoints offline. */
  get publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  sign(checkpoint: UnsignedCheckpoint): AuditCheckpoint {
    const unsigned = { ...checkpoint, keyId: this.keyId, algorithm: 'Ed25519' as const };
    const signature = sign(null, Buffer.from(signedText(unsigned), 'utf8'), this.privateKey).toString(
      'base64',
    );
    return { ...unsigned, signature };
  }

  /** True only for a checkpoint this key signed, unchanged. */
  verifies(checkpoint: AuditCheckpoint): boolean {
    if (checkpoint.keyId !== this.keyId || checkpoint.algorithm !== 'Ed25519') return false;
    const signature = Buffer.from(checkpoint.signature, 'base64');
    return verify(null, Buffer.from(signedText(checkpoint), 'utf8'), this.publicKey, signature);
  }
}

/**
 * The signing key: a random seed generated on first start in DATA_DIR/audit-signing-key (mode 0600), so
 * that someone who can rewrite the database cannot also sign a checkpoint for the rewritten history.
 */
export async function loadCheckpointSigner(dataDir: string): Promise<CheckpointSigner> {
  const secret = await ensureSecretFile(join(dataDir, 'audit-signing-key'));
  // The file holds a random base64url secret; the Ed25519 seed is its SHA-256 (always 32 bytes).
  return CheckpointSigner.fromSeed(createHash('sha256').update(secret, 'utf8').digest());
}
