import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trust-policy changes as the API lists them, written in the same transaction as their events (so a list
 * is never behind a write), and the index the expiry timer takes due proposals from.
 */
export class CreateTrustPolicyChanges1764400060000 implements MigrationInterface {
  name = 'CreateTrustPolicyChanges1764400060000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE trust_policy_changes (
        change_id uuid PRIMARY KEY,
        role_id text NOT NULL,
        role_name_key text NOT NULL,
        status text NOT NULL,
        list_key text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        change jsonb NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX trust_policy_changes_due ON trust_policy_changes (expires_at) WHERE status = 'PendingReview'`,
    );
    await queryRunner.query(
      `CREATE INDEX trust_policy_changes_by_role ON trust_policy_changes (role_name_key, list_key)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE trust_policy_changes`);
  }
}
