import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toPage } from '#common';
import { Database } from '#event-store';
import type { ExistingTrustChange } from '../domain/trust-change.state.js';
import { findTrustChange } from '../store/trust-change.rows.js';
import { trustChangeNotFound } from '../trust-change.stream.js';
import { GetTrustChange, ListTrustChanges } from './trust-change.queries.js';

@QueryHandler(GetTrustChange)
export class GetTrustChangeHandler implements IQueryHandler<GetTrustChange> {
  constructor(private readonly db: Database) {}

  async execute({ changeId }: GetTrustChange): Promise<ExistingTrustChange> {
    const change = await findTrustChange(this.db, changeId);
    if (!change) throw trustChangeNotFound();
    return change;
  }
}

/** Oldest first, filtered by status and role; the cursor is the last item's (proposedAt, changeId). */
@QueryHandler(ListTrustChanges)
export class ListTrustChangesHandler implements IQueryHandler<ListTrustChanges> {
  constructor(private readonly db: Database) {}

  async execute({ filter, page }: ListTrustChanges) {
    const { rows } = await this.db.query<{ list_key: string; change: ExistingTrustChange }>(
      `SELECT list_key, change FROM trust_policy_changes
       WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR role_name_key = lower($2))
         AND ($3::text IS NULL OR list_key > $3)
       ORDER BY list_key LIMIT $4`,
      [filter.status ?? null, filter.roleName ?? null, page.after ?? null, page.limit + 1],
    );
    const { items, nextCursor } = toPage(rows, page.limit, (row) => row.list_key);
    return {
      trustPolicyChanges: items.map((row) => row.change),
      ...(nextCursor && { nextCursor }),
    };
  }
}
