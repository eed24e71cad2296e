import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who owns which group, role or custom policy, written with OwnerAdded / OwnerRemoved. Approvals lock the
 * approver's row here; user and target deletes read it (409 while ownership remains).
 */
export class CreateOwners1764400070000 implements MigrationInterface {
  name = 'CreateOwners1764400070000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE owners (
        target_type text NOT NULL,
        target_id uuid NOT NULL,
        user_id uuid NOT NULL,
        user_name text NOT NULL,
        PRIMARY KEY (target_type, target_id, user_id)
      )`);
    await queryRunner.query(`CREATE INDEX owners_user ON owners (user_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE owners`);
  }
}
