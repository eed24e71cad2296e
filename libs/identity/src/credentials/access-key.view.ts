import type { AccessKeyStatus } from './domain/credential.events.js';
import type { AccessKeyRow } from './store/access-key.rows.js';

/** An AccessKey as lists show it: never its secret. */
export interface AccessKeyView {
  accessKeyId: string;
  status: AccessKeyStatus;
  createDate: string;
  lastUsedDate?: string;
}

export const accessKeyView = (row: AccessKeyRow): AccessKeyView => ({
  accessKeyId: row.access_key_id,
  status: row.status,
  createDate: row.create_date.toISOString(),
  ...(row.last_used_date && { lastUsedDate: row.last_used_date.toISOString() }),
});
