import pg from 'pg';
import { APP_ROLE } from '../migrations/1764400091000-protect-event-history.js';

/**
 * The role the service's pool runs as after migrations: `access_ledger_app` when it exists and the login may
 * take it (the migrations grant it; a DBA may have instead), else none and the pool runs as the login.
 */
export async function resolveAppRole(url: string): Promise<string | undefined> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const { rows } = await client.query<{ usable: boolean }>(
      `SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)
                   THEN pg_has_role(current_user, $1, 'MEMBER') ELSE false END AS usable`,
      [APP_ROLE],
    );
    return rows[0].usable ? APP_ROLE : undefined;
  } finally {
    await client.end();
  }
}
