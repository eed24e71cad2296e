import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { entityNotExist } from '#common';
import { Database } from '#event-store';
import { type AccessKeyView, accessKeyView } from '../access-key.view.js';
import { accessKeyRows } from '../store/access-key.rows.js';
import { ListAccessKeys } from './list-access-keys.query.js';

/**
 * Reads `access_key_index`, which is written with the events: the list is never stale, so it needs no read
 * model (and no wait for `Ledger-Min-Position`).
 */
@QueryHandler(ListAccessKeys)
export class ListAccessKeysHandler implements IQueryHandler<ListAccessKeys, { accessKeys: AccessKeyView[] }> {
  constructor(private readonly db: Database) {}

  async execute({ userName }: ListAccessKeys): Promise<{ accessKeys: AccessKeyView[] }> {
    const { rows } = await this.db.query<{ owner_id: string }>(
      `SELECT owner_id FROM name_reservations WHERE kind = 'User' AND name_key = lower($1)`,
      [userName],
    );
    if (!rows[0]) throw entityNotExist('User', userName.slice(0, 64));
    return { accessKeys: (await accessKeyRows.ofUser(this.db, rows[0].owner_id)).map(accessKeyView) };
  }
}
