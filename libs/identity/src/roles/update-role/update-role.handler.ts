import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, stampEvents } from '#event-store';
import { retryOnConflict } from '../../shared/retry-on-conflict.js';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import { decideRole } from '../domain/role.decider.js';
import { evolveRole, type ExistingRole } from '../domain/role.state.js';
import { loadRoleByName } from '../role.stream.js';
import { UpdateRole } from './update-role.command.js';

@CommandHandler(UpdateRole)
export class UpdateRoleHandler implements ICommandHandler<UpdateRole, WriteResult<ExistingRole>> {
  constructor(private readonly store: EventStore) {}

  async execute({ roleName, changes, meta }: UpdateRole): Promise<WriteResult<ExistingRole>> {
    return retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const role = await loadRoleByName(tx, roleName, 'SHARE');
        const events = decideRole({ type: 'UpdateRole', changes }, role.state);
        const updated = events.reduce(evolveRole, role.state) as ExistingRole;
        if (events.length === 0) return { position: role.position, value: updated };
        const stored = await tx.append(role.streamId, role.expectedVersion, stampEvents(events, meta));
        return { position: stored[stored.length - 1].position, value: updated };
      }),
    );
  }
}
