import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The constraint table of grants, written in the transaction that appends PolicyAttached / PolicyDetached /
 * PolicyAttachmentExpired. Custom policy and principal deletes read it (409 while attached); the worker's
 * expiry timer finds due grants through `expires_at`.
 */
export class CreatePolicyAttachments1764400030000 implements MigrationInterface {
  name = 'CreatePolicyAttachments1764400030000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE policy_attachments (
        attachment_id uuid PRIMARY KEY,
        policy_key text NOT NULL,
        principal_type text NOT NULL,
        principal_id text NOT NULL,
        expires_at timestamptz,
        UNIQUE (policy_key, principal_type, principal_id)
      )`);
    await queryRunner.query(
      `CREATE INDEX policy_attachments_principal ON policy_attachments (principal_type, principal_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX policy_attachments_due ON policy_attachments (expires_at) WHERE expires_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE policy_attachments`);
  }
}
