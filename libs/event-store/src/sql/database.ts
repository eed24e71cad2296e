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

/** A thin pool wrapper: every write path runs inside `transaction` so effects and progress commit together. */
export class Database {
  readonly pool: pg.Pool;

  /**
   * `role`: every connection runs as this role from its first statement (a startup parameter, so no query
   * can run before it): the service's pool takes `access_ledger_app`, which cannot change history.
   */
  constructor(url: string, options: { max?: number; applicationName?: string; role?: string } = {}) {
    this.pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      application_name: options.applicationName ?? 'access-ledger',
      ...(options.role !== undefined && { options: `-c role=${options.role}` }),
    });
    // An idle client that loses its server must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string | pg.QueryConfig, params?: unknown[]) {
    return this.pool.query<R>(sql, params);
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
    await this.pool.end();
  }
}
