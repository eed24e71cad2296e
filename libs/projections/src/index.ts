export * from './runner/projection.js';
export * from './runner/projection-applier.js';
export * from './runner/projection-lock.js';
export * from './users/users.projection.js';
export * from './migrations/1764400001000-create-projection-progress.js';
export * from './runner/projection-transport.js';
export * from './runner/in-process-transport.js';
export * from './runner/kafka-transport.js';
