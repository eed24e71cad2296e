import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '#event-store';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import type { PrincipalKind } from '../../grants/domain/attachment.events.js';
import { ownedBy, refuseWhileReferenced } from '../../shared/constraint-tables.js';
import { changePolicy } from '../policy-stream.js';
import { DeletePolicy } from './delete-policy.command.js';

@CommandHandler(DeletePolicy)
export class DeletePolicyHandler implements ICommandHandler<DeletePolicy, WriteResult<undefined>> {
  constructor(private readonly store: EventStore) {}

  async execute({ policyName, meta }: DeletePolicy): Promise<WriteResult<undefined>> {
    const { position } = await changePolicy(this.store, policyName, meta, async (tx, policyId) => {
      // Read under the name row's FOR UPDATE lock: a grant in flight holds it FOR SHARE until it commits.
      await refuseWhileReferenced(tx.client, policyId, [ownedBy('Policy')]);
      const { rows } = await tx.client.query<{ principal_type: PrincipalKind }>(
        `SELECT DISTINCT principal_type FROM policy_attachments WHERE policy_key = $1 ORDER BY principal_type DESC`,
        [`Custom:${policyId}`],
      );
      return { type: 'DeletePolicy', attachedTo: rows.map((r) => r.principal_type) };
    });
    return { position, value: undefined };
  }
}
