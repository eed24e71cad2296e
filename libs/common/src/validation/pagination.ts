import { invalidParameter } from '../errors.js';

export interface PageRequest {
  limit: number;
  /** The sort key of the last item of the previous page. */
  after?: string;
}

const MAX_CURSOR = 512;

/** `?limit=` (default 100, max 1000) and `?cursor=` as API.md "Pagination" defines them. */
export function parsePageRequest(query: { limit?: unknown; cursor?: unknown }): PageRequest {
  let limit = 100;
  if (query.limit !== undefined) {
    const text = String(query.limit);
    if (!/^\d{1,4}$/.test(text) || Number(text) < 1 || Number(text) > 1000) {
      throw invalidParameter('Limit', 'limit must be an integer from 1 to 1000');
    }
    limit = Number(text);
  }
  if (query.cursor === undefined || query.cursor === '') return { limit };
  const cursor = String(query.cursor);
  const after = cursor.length <= MAX_CURSOR ? decodeCursor(cursor) : undefined;
  if (after === undefined) throw invalidParameter('Cursor', 'cursor is not one this service issued');
  return { limit, after };
}

export function encodeCursor(after: string): string {
  return Buffer.from(JSON.stringify({ a: after }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { a?: unknown };
    return typeof parsed.a === 'string' ? parsed.a : undefined;
  } catch {
    return undefined;
  }
}

/** Fetch `limit + 1` rows; the extra one says whether another page follows. */
export function toPage<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => string,
): { items: T[]; nextCursor?: string } {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1])) };
}
