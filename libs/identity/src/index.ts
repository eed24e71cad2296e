export * from './users/domain/user.events.js';
export * from './users/domain/user.state.js';
export * from './users/domain/user.decider.js';
export * from './users/domain/user.rules.js';
