import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { arn } from '#common';
import { EventStore } from '#event-store';
import { createNamed } from '../../names/create-named.js';
import type { WriteResult } from '../../users/create-user/create-user.command.js';
import { decideRole } from '../domain/role.decider.js';
import { type RoleCreated, roleStreamId } from '../domain/role.events.js';
import { initialRoleState } from '../domain/role.state.js';
import type { RoleView } from '../role.view.js';
import { CreateRole } from './create-role.command.js';

@CommandHandler(CreateRole)
export class CreateRoleHandler implements ICommandHandler<CreateRole, WriteResult<RoleView>> {
  constructor(private readonly store: EventStore) {}

  async execute({ input, meta }: CreateRole): Promise<WriteResult<RoleView>> {
    const roleId = randomUUID();
    const [created] = decideRole(
      { type: 'CreateRole', roleId, accountId: meta.accountId, now: meta.now, ...input },
      initialRoleState,
    ) as [RoleCreated];
    const position = await createNamed(
      this.store,
      { kind: 'Role', name: input.roleName, id: roleId, streamId: roleStreamId(roleId) },
      [created],
      meta,
    );
    const { data } = created;
    return {
      position,
      value: {
        roleId,
        roleName: data.roleName,
        arn: arn.role(meta.accountId, data.roleName),
        ...(data.description !== undefined && { description: data.description }),
        assumeRolePolicyDocument: data.assumeRolePolicyDocument,
        trustPolicyVersion: data.trustPolicyVersion,
        maxSessionDuration: data.maxSessionDuration,
        createDate: data.createDate,
        updateDate: data.createDate,
        trustAnalysis: data.trustAnalysis,
      },
    };
  }
}
