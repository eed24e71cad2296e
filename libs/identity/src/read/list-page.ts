import { type PageRequest, toPage } from '#common';
import type { Database } from '#event-store';

/**
 * One page of a read-model table ordered by its case-folded name key (the cursor). Table and column names
 * come from code, never from a request.
 */
export async function listByNameKey<R extends Record<string, unknown>>(
  db: Database,
  table: string,
  keyColumn: string,
  page: PageRequest,
): Promise<{ items: R[]; nextCursor?: string }> {
  const { rows } = await db.query<R>(
    `SELECT * FROM ${table} WHERE $1::text IS NULL OR ${keyColumn} > $1 ORDER BY ${keyColumn} LIMIT $2`,
    [page.after ?? null, page.limit + 1],
  );
  return toPage(rows, page.limit, (row) => String(row[keyColumn]));
}
