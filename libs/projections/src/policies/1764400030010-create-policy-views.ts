import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models of custom policies, their versions, and every current grant (system policies live in code). */
export class CreatePolicyViews1764400030010 implements MigrationInterface {
  name = 'CreatePolicyViews1764400030010';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE policies_view (
        policy_id uuid PRIMARY KEY,
        account_id text NOT NULL,
        policy_name text NOT NULL,
        policy_name_key text NOT NULL,
        description text,
        default_version_id text NOT NULL,
        create_date timestamptz NOT NULL,
        update_date timestamptz NOT NULL
      )`);
    // Not unique: over Kafka a re-created name (a new stream) may arrive before the old policy's deletion.
    await queryRunner.query(`CREATE INDEX policies_view_name ON policies_view (policy_name_key)`);
    await queryRunner.query(`
      CREATE TABLE policy_versions_view (
        policy_id uuid NOT NULL,
        version_id text NOT NULL,
        version_number integer NOT NULL,
        policy_document text NOT NULL,
        create_date timestamptz NOT NULL,
        PRIMARY KEY (policy_id, version_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE attachments_view (
        attachment_id uuid PRIMARY KEY,
        principal_type text NOT NULL,
        principal_id text NOT NULL,
        principal_name text NOT NULL,
        policy_type text NOT NULL,
        policy_name text NOT NULL,
        policy_id uuid,
        policy_key text NOT NULL,
        expires_at timestamptz,
        attach_date timestamptz NOT NULL,
        attached_by text NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX attachments_view_principal ON attachments_view (principal_type, principal_id)`,
    );
    await queryRunner.query(`CREATE INDEX attachments_view_policy ON attachments_view (policy_key)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE attachments_view`);
    await queryRunner.query(`DROP TABLE policy_versions_view`);
    await queryRunner.query(`DROP TABLE policies_view`);
  }
}
