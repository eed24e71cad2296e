import pg from 'pg';

/** What both a pool and a transaction's client offer: one parameterised query. */
export interface SqlClient {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string | pg.QueryConfig,
    params?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

// bigint columns (positions) arrive as strings; positions stay below 2^53, so numbers are safe.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * A thin pool wrapper: every write path runs inside `transaction` so effects and progress commit together.
 * A named statement sent on its own (`query` with a `name`: the event store's appends and log reads, the
 * AccessKey and STS session reads) goes to a second pool whose sessions plan each prepared statement once
 * (`plan_cache_mode=force_generic_plan`). In PostgreSQL's default mode a prepared statement is planned again
 * on every execution for as long as its parameters make a custom plan look cheaper, as arrays of a few
 * elements do: the AssumeRole batch statement spent 0.2-0.6 ms planning per execution at low load, more
 * than it took to run. Unnamed statements (the list and audit queries, whose optional filters want a plan
 * for the values given) and transactions stay on the first pool, in the default mode.
 */
export class Database {
  readonly pool: pg.Pool;
  private readonly prepared: pg.Pool;

  /**
   * `role`: every connection runs as this role from its first statement (a startup parameter, so no query
   * can run before it): the service's pool takes `access_ledger_app`, which cannot change history.
   */
  constructor(url: string, options: { max?: number; applicationName?: string; role?: string } = {}) {
    const max = options.max ?? 10;
    const name = options.applicationName ?? 'access-ledger';
    const role: Record<string, string> = options.role !== undefined ? { role: options.role } : {};
    this.pool = newPool(url, name, max, role);
    // As many as the first pool: appends sent on their own by many writers at once all run at once.
    this.prepared = newPool(url, name, max, {
      ...role,
      plan_cache_mode: 'force_generic_plan',
    });
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string | pg.QueryConfig, params?: unknown[]) {
    const pool = typeof sql === 'object' && sql.name !== undefined ? this.prepared : this.pool;
    return pool.query<R>(sql, params);
  }

  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.end(), this.prepared.end()]);
  }
}

/** A pool whose sessions start with `settings` (startup parameters, in force before any statement). */
function newPool(url: string, applicationName: string, max: number, settings: Record<string, string>) {
  const startup = Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`);
  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: applicationName,
    ...(startup.length > 0 && { options: startup.join(' ') }),
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}
