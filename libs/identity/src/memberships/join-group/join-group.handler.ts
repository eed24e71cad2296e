import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, stampEvents } from '#event-store';
import { retryOnConflict } from '../../shared/retry-on-conflict.js';
import { decideMembership } from '../domain/membership.decider.js';
import type { ExistingMembershipState } from '../domain/membership.state.js';
import { loadMembership } from '../membership.stream.js';
import { JoinGroup, type JoinGroupResult } from './join-group.command.js';

/**
 * AddUserToGroup. The 10-group limit is decided on the user's stream at its expected version: of racing
 * joins one appends, the others fail on the version and retry on the state the winner left.
 */
@CommandHandler(JoinGroup)
export class JoinGroupHandler implements ICommandHandler<JoinGroup, JoinGroupResult> {
  constructor(private readonly store: EventStore) {}

  execute({ groupName, userName, meta }: JoinGroup): Promise<JoinGroupResult> {
    return retryOnConflict(() =>
      this.store.transaction(async (tx) => {
        const { user, group } = await loadMembership(tx, userName, groupName);
        const events = decideMembership({ type: 'AddUserToGroup', group }, user.state);
        // Append first: a racing join of the same pair then fails on the stream version (and retries into
        // "already a member") instead of on the membership row's key.
        const stored = await tx.append(user.streamId, user.expectedVersion, stampEvents(events, meta));
        if (stored.length > 0) {
          // A join that makes a request-granted membership standing finds the row already there.
          await tx.client.query(
            `INSERT INTO group_memberships (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
            [group.groupId, user.id],
          );
        }
        // The decider refused an absent or deleted user.
        const state = user.state as ExistingMembershipState;
        const joinDate = state.groups.get(group.groupId)?.joinDate ?? meta.now.toISOString();
        return {
          created: stored.length > 0,
          position: stored.at(-1)?.position ?? user.position,
          value: { ...group, userId: state.userId, userName: state.userName, joinDate },
        };
      }),
    );
  }
}
