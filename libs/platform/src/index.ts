export * from './clock/clock.js';
export * from './database/database-log.js';
export * from './database/embedded-postgres.js';
export * from './database/database-config.js';
export * from './database/testing/test-database.js';
export * from './secrets/secret-file.js';
