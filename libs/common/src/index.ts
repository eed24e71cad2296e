export * from './errors.js';
export * from './command-metadata.js';
export * from './arn.js';
