import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateGroupViews1764400010100 implements MigrationInterface {
  name = 'CreateGroupViews1764400010100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE groups_view (
        group_id uuid PRIMARY KEY,
        account_id text NOT NULL,
        group_name text NOT NULL,
        group_name_key text NOT NULL UNIQUE,
        comments text,
        create_date timestamptz NOT NULL,
        update_date timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE group_members_view (
        group_id uuid NOT NULL,
        user_id uuid NOT NULL,
        group_name text NOT NULL,
        group_name_key text NOT NULL,
        user_name text NOT NULL,
        user_name_key text NOT NULL,
        join_date timestamptz NOT NULL,
        PRIMARY KEY (group_id, user_id)
      )`);
    // The two listings: a group's members by name, a user's groups by name.
    await queryRunner.query(
      `CREATE INDEX group_members_by_name ON group_members_view (group_id, user_name_key)`,
    );
    await queryRunner.query(
      `CREATE INDEX user_groups_by_name ON group_members_view (user_id, group_name_key)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE group_members_view`);
    await queryRunner.query(`DROP TABLE groups_view`);
  }
}
