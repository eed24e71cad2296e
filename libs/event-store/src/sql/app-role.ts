import pg from 'pg';
import { APP_ROLE } from '../migrations/1764400091000-protect-event-history.js';

/** How the service's pool connects: a URL, and the role to take after logging in when it cannot log in as it. */
export interface AppConnection {
  url: string;
  role?: string;
}

async function scalar<T>(url: string, sql: string, params: unknown[] = []): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return Object.values((await client.query(sql, params)).rows[0])[0] as T;
  } finally {
    await client.end();
  }
}

/**
 * The connection the service runs on after migrations ran as the login: as `access_ledger_app`, logged in
 * as it when the server lets it in without a password (its sessions are then its own), else taken after
 * logging in (the login must be a member, which the migrations grant); as the login when there is no such
 * role (a login that may not create roles, and no DBA created it).
 */
export async function resolveAppConnection(url: string): Promise<AppConnection> {
  const usable = await scalar<boolean>(
    url,
    `SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)
                 THEN pg_has_role(current_user, $1, 'MEMBER') ELSE false END`,
    [APP_ROLE],
  );
  if (!usable) return { url };
  const asRole = new URL(url);
  asRole.username = APP_ROLE;
  asRole.password = '';
  const loggedIn = await scalar<string>(asRole.toString(), 'SELECT current_user').catch(() => undefined);
  return loggedIn === APP_ROLE ? { url: asRole.toString() } : { url, role: APP_ROLE };
}
