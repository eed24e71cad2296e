import type pg from 'pg';
import type { Stopwatch } from './stopwatch.js';

const patched = new WeakSet<pg.PoolClient>();

/** A statement's kind, as a section name: "INSERT INTO users_view", "SELECT FROM events", "SELECT pg_advisory_lock". */
function sectionOf(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  const write = /^(INSERT INTO|UPDATE|DELETE FROM|TRUNCATE) (\w+)/i.exec(text);
  if (write) return `${write[1].toUpperCase()} ${write[2]}`;
  const read = /^SELECT .*? FROM (\w+)/i.exec(text);
  if (read) return `SELECT FROM ${read[1]}${/FOR UPDATE/i.test(text) ? ' FOR UPDATE' : ''}`;
  const call = /^SELECT (\w+)\(/i.exec(text);
  if (call) return `SELECT ${call[1]}`;
  return text.split(' ')[0].toUpperCase();
}

/**
 * Times every statement run on the pool's clients (pool.connect() and pool.query()), by statement kind, for a
 * breakdown of where a benchmark's time goes. Measured from the caller's side: round trip and row parsing included.
 */
export function profileQueries(pool: pg.Pool, stopwatch: Stopwatch): void {
  type Done = (error: Error | undefined, client?: pg.PoolClient, release?: unknown) => void;
  const connect = pool.connect.bind(pool) as (done?: Done) => Promise<pg.PoolClient> | undefined;
  const wrap = (client: pg.PoolClient) => {
    if (patched.has(client)) return client;
    patched.add(client);
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const sql = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text;
      const section = sectionOf(sql);
      const callback = args[args.length - 1];
      // pool.query() passes a callback; everything else awaits the promise.
      if (typeof callback !== 'function') return stopwatch.time(section, () => query(...args));
      const started = performance.now();
      args[args.length - 1] = (...results: unknown[]) => {
        stopwatch.add(section, performance.now() - started);
        return (callback as (...results: unknown[]) => unknown)(...results);
      };
      return query(...args);
    };
    return client;
  };
  // pool.query() calls connect with a callback; everything else uses the promise.
  (pool as unknown as { connect: unknown }).connect = (done?: Done) =>
    done
      ? connect((error, client, release) => done(error, client && wrap(client), release))
      : connect()!.then(wrap);
}
