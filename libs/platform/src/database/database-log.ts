/**
 * The little the database helpers need from a logger; a pino logger fits as it is.
 * Fields never carry a password or a URL with credentials.
 */
export interface DatabaseLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export const silentDatabaseLog: DatabaseLog = { info: () => undefined, warn: () => undefined };
