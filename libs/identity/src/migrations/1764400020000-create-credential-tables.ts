import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where secrets live (never in events): password hashes, sealed MFA seeds, session token and AccessKey
 * secret digests. Written in the same transaction as the user stream's credential events.
 */
export class CreateCredentialTables1764400020000 implements MigrationInterface {
  name = 'CreateCredentialTables1764400020000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE login_profiles (
        user_id text PRIMARY KEY,
        user_name text NOT NULL,
        password_hash text NOT NULL,
        mfa_bind_required boolean NOT NULL,
        password_set_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE mfa_devices (
        user_id text PRIMARY KEY,
        serial_number text NOT NULL,
        sealed_seed text NOT NULL,
        bound boolean NOT NULL DEFAULT false,
        last_used_step bigint
      )`);
    await queryRunner.query(`
      CREATE TABLE console_sessions (
        token_hash bytea PRIMARY KEY,
        user_id text NOT NULL,
        user_name text NOT NULL,
        mfa_present boolean NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX console_sessions_user ON console_sessions (user_id)`);
    await queryRunner.query(`
      CREATE TABLE login_attempts (
        name_key text PRIMARY KEY,
        attempts int NOT NULL,
        window_start timestamptz NOT NULL,
        locked_until timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE access_key_index (
        access_key_id text PRIMARY KEY,
        user_id text NOT NULL,
        user_name text NOT NULL,
        secret_hash bytea NOT NULL,
        status text NOT NULL CHECK (status IN ('Active', 'Inactive')),
        create_date timestamptz NOT NULL,
        last_used_date timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX access_key_index_user ON access_key_index (user_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'access_key_index',
      'login_attempts',
      'console_sessions',
      'mfa_devices',
      'login_profiles',
    ])
      await queryRunner.query(`DROP TABLE ${table}`);
  }
}
