import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `role_sessions`: one row per AssumeRole, written in the transaction of its `RoleAssumed` event (the trust
 * review reads "sessions issued in the last 24 h" from it). `role_session_revocations`: per role, the instant
 * before which its sessions stop working, written with `RoleSessionsRevoked` and read on every STS
 * authentication, so a revocation holds from the moment its response is sent.
 */
export class CreateRoleSessions1764400050000 implements MigrationInterface {
  name = 'CreateRoleSessions1764400050000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE role_sessions (
        session_id text PRIMARY KEY,
        role_id text NOT NULL,
        role_name text NOT NULL,
        role_session_name text NOT NULL,
        caller_arn text NOT NULL,
        caller_kind text NOT NULL,
        caller_principal_id text,
        issued_at timestamptz NOT NULL,
        expiration timestamptz NOT NULL,
        source_ip text
      )`);
    await queryRunner.query(`CREATE INDEX role_sessions_role_issued ON role_sessions (role_id, issued_at)`);
    await queryRunner.query(`
      CREATE TABLE role_session_revocations (
        role_id text PRIMARY KEY,
        revoked_before timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE role_session_revocations`);
    await queryRunner.query(`DROP TABLE role_sessions`);
  }
}
