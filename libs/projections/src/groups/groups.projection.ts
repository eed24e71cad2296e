import type { SqlClient, StoredEvent } from '#event-store';
import type { GroupCreated, GroupDeleted, GroupUpdated, GroupMembershipData } from '#identity';
import type { Projection } from '../runner/projection.js';

/**
 * The current groups (`groups_view`) and who is in each (`group_members_view`). One projection keeps both,
 * so a group and its members are always read at the same point of the log.
 */
export class GroupsProjection implements Projection {
  readonly name = 'groups';
  readonly handles = new Set([
    'GroupCreated',
    'GroupUpdated',
    'GroupDeleted',
    'UserAddedToGroup',
    'UserRemovedFromGroup',
  ]);

  async apply(client: SqlClient, event: StoredEvent): Promise<void> {
    switch (event.type) {
      case 'GroupCreated': {
        const g = event.data as GroupCreated['data'];
        // Over Kafka a re-created group's GroupCreated may come before the old GroupDeleted (another
        // stream): the newer creation takes the name, an older one is skipped.
        await client.query(
          `DELETE FROM groups_view WHERE group_name_key = lower($1) AND group_id <> $2 AND create_date < $3`,
          [g.groupName, g.groupId, g.createDate],
        );
        await client.query(
          `INSERT INTO groups_view (group_id, account_id, group_name, group_name_key, comments, create_date, update_date)
           VALUES ($1, $2, $3, lower($3), $4, $5, $5) ON CONFLICT DO NOTHING`,
          [g.groupId, g.accountId, g.groupName, g.comments ?? null, g.createDate],
        );
        return;
      }
      case 'GroupUpdated': {
        const { groupId, changes } = event.data as GroupUpdated['data'];
        await client.query(
          `UPDATE groups_view SET comments = CASE WHEN $2::boolean THEN $3 ELSE comments END, update_date = $4
           WHERE group_id = $1`,
          [groupId, 'comments' in changes, changes.comments ?? null, event.occurredAt],
        );
        return;
      }
      case 'GroupDeleted': {
        const { groupId } = event.data as GroupDeleted['data'];
        await client.query(`DELETE FROM group_members_view WHERE group_id = $1`, [groupId]);
        await client.query(`DELETE FROM groups_view WHERE group_id = $1`, [groupId]);
        return;
      }
      case 'UserAddedToGroup': {
        const m = event.data as GroupMembershipData;
        await client.query(
          `INSERT INTO group_members_view (group_id, user_id, group_name, group_name_key, user_name, user_name_key, join_date)
           VALUES ($1, $2, $3, lower($3), $4, lower($4), $5) ON CONFLICT (group_id, user_id) DO NOTHING`,
          [m.groupId, m.userId, m.groupName, m.userName, event.occurredAt],
        );
        return;
      }
      case 'UserRemovedFromGroup': {
        const m = event.data as GroupMembershipData;
        await client.query(`DELETE FROM group_members_view WHERE group_id = $1 AND user_id = $2`, [
          m.groupId,
          m.userId,
        ]);
      }
    }
  }

  async reset(client: SqlClient): Promise<void> {
    await client.query(`TRUNCATE groups_view, group_members_view`);
  }
}
