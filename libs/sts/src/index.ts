/** STS: AssumeRole, security tokens, role-session revocation (issue 5 parts 1-2). */
export * from './sessions/role-assumed.events.js';
export * from './sessions/role-sessions.rows.js';
export * from './assume-role/domain/caller-trust.js';
export * from './assume-role/domain/assume-role.decider.js';
export * from './assume-role/assume-role.command.js';
export * from './assume-role/assume-role.handler.js';
export * from './revoke-sessions/revoke-role-sessions.command.js';
export * from './revoke-sessions/revoke-role-sessions.handler.js';
export * from './tokens/sts-tokens.js';
export * from './tokens/signing-key.js';
export * from './migrations/1764400050000-create-role-sessions.js';
