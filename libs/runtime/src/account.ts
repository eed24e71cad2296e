import { randomInt } from 'node:crypto';
import type { Database } from '#event-store';

/** The deployment's 16-digit account id: from ACCOUNT_ID, or generated once and kept in the database. */
export async function loadAccountId(db: Database, configured?: string): Promise<string> {
  const generated = configured ?? `1${Array.from({ length: 15 }, () => randomInt(10)).join('')}`;
  await db.query(
    `INSERT INTO deployment_settings (key, value) VALUES ('accountId', $1) ON CONFLICT DO NOTHING`,
    [generated],
  );
  const { rows } = await db.query<{ value: string }>(
    `SELECT value FROM deployment_settings WHERE key = 'accountId'`,
  );
  const stored = rows[0].value;
  if (configured !== undefined && stored !== configured) {
    throw new Error('ACCOUNT_ID differs from the account id this database was created with');
  }
  return stored;
}
