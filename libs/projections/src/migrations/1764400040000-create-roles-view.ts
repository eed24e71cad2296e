import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateRolesView1764400040000 implements MigrationInterface {
  name = 'CreateRolesView1764400040000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE roles_view (
        role_id uuid PRIMARY KEY,
        account_id text NOT NULL,
        role_name text NOT NULL,
        role_name_key text NOT NULL UNIQUE,
        description text,
        max_session_duration integer NOT NULL,
        assume_role_policy_document text NOT NULL,
        trust_policy_version integer NOT NULL,
        create_date timestamptz NOT NULL,
        update_date timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE roles_view`);
  }
}
