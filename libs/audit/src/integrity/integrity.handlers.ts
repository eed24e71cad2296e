import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#common';
import { chainLinkAt, type ChainVerification, Database, inChainSnapshot, verifyChain } from '#event-store';
import { type AuditCheckpoint, CheckpointSigner } from './checkpoint-signer.js';
import {
  type CheckpointFailure,
  type CheckpointVerification,
  GetAuditCheckpoint,
  VerifyAuditCheckpoint,
  VerifyIntegrity,
} from './integrity.queries.js';

@QueryHandler(VerifyIntegrity)
export class VerifyIntegrityHandler implements IQueryHandler<VerifyIntegrity, ChainVerification> {
  constructor(private readonly db: Database) {}

  execute(): Promise<ChainVerification> {
    return inChainSnapshot(this.db, verifyChain);
  }
}

@QueryHandler(GetAuditCheckpoint)
export class GetAuditCheckpointHandler implements IQueryHandler<GetAuditCheckpoint, AuditCheckpoint> {
  constructor(
    private readonly db: Database,
    private readonly signer: CheckpointSigner,
  ) {}

  async execute({ now }: GetAuditCheckpoint): Promise<AuditCheckpoint> {
    // Never sign a head the chain does not support: the checkpoint would vouch for tampered history.
    const chain = await inChainSnapshot(this.db, verifyChain);
    if (!chain.verified) {
      throw new DomainError(
        'IntegrityViolation',
        'The event chain does not verify; no checkpoint is issued',
        409,
      );
    }
    return this.signer.sign({
      position: chain.headPosition ?? 0,
      chainLength: chain.events,
      headHash: chain.headHash,
      time: now.toISOString(),
    });
  }
}

@QueryHandler(VerifyAuditCheckpoint)
export class VerifyAuditCheckpointHandler implements IQueryHandler<
  VerifyAuditCheckpoint,
  CheckpointVerification
> {
  constructor(
    private readonly db: Database,
    private readonly signer: CheckpointSigner,
  ) {}

  async execute({ checkpoint }: VerifyAuditCheckpoint): Promise<CheckpointVerification> {
    const signatureValid = this.signer.verifies(checkpoint);
    const { integrity, link } = await inChainSnapshot(this.db, async (client) => ({
      integrity: await verifyChain(client),
      link: checkpoint.chainLength === 0 ? undefined : await chainLinkAt(client, checkpoint.chainLength),
    }));
    const reason = failure(checkpoint, signatureValid, link, integrity);
    return {
      verified: reason === undefined,
      signatureValid,
      ...(link && { linkAtCheckpoint: link }),
      integrity,
      ...(reason && { reason }),
    };
  }
}

/** The first reason the checkpoint no longer holds, most fundamental first. */
function failure(
  checkpoint: AuditCheckpoint,
  signatureValid: boolean,
  link: { position: number; hash: string } | undefined,
  integrity: ChainVerification,
): CheckpointFailure | undefined {
  if (!signatureValid) return 'SignatureInvalid';
  if (checkpoint.chainLength > 0 && !link) return 'CheckpointNotInChain';
  if (link && (link.hash !== checkpoint.headHash || link.position !== checkpoint.position))
    return 'HeadHashMismatch';
  // The checkpoint's head still matches, yet the events under the chain no longer hash to it.
  return integrity.verified ? undefined : integrity.reason;
}
