export * from './config.js';
export * from './logger.js';
export * from './account.js';
export * from './infrastructure.js';
export * from './projection-transport.js';
export * from './migrations/all-migrations.js';
export * from './migrations/1764400003000-create-deployment-settings.js';
