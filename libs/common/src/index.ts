export * from './errors.js';
export * from './command-metadata.js';
export * from './arn.js';
export * from './validation/body-schema.js';
export * from './validation/pagination.js';
export * from './batching/group-commit.js';
export * from './timing/with-timeout.js';
