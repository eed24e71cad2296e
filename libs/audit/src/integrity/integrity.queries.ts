import { Query } from '@nestjs/cqrs';
import type { ChainBreak, ChainVerification } from '#event-store';
import type { AuditCheckpoint } from './checkpoint-signer.js';

/** GET /v1/audit/integrity: recompute the whole chain over the events as they are now. */
export class VerifyIntegrity extends Query<ChainVerification> {}

/** GET /v1/audit/checkpoint: the verified chain's head, signed, for storage outside the database. */
export class GetAuditCheckpoint extends Query<AuditCheckpoint> {
  constructor(readonly now: Date) {
    super();
  }
}

export type CheckpointFailure = 'SignatureInvalid' | 'CheckpointNotInChain' | 'HeadHashMismatch' | ChainBreak;

export interface CheckpointVerification {
  verified: boolean;
  signatureValid: boolean;
  /** The current chain's link at the checkpoint's length, if it still has one. */
  linkAtCheckpoint?: { position: number; hash: string };
  integrity: ChainVerification;
  reason?: CheckpointFailure;
}

/** POST /v1/audit/integrity/verification: is this exported checkpoint still a prefix of the chain? */
export class VerifyAuditCheckpoint extends Query<CheckpointVerification> {
  constructor(readonly checkpoint: AuditCheckpoint) {
    super();
  }
}
