import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Who is in which group, written with the membership events: group and user deletes check it. */
export class CreateGroupMemberships1764400010000 implements MigrationInterface {
  name = 'CreateGroupMemberships1764400010000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE group_memberships (
        group_id uuid NOT NULL,
        user_id uuid NOT NULL,
        PRIMARY KEY (group_id, user_id)
      )`);
    await queryRunner.query(`CREATE INDEX group_memberships_user ON group_memberships (user_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE group_memberships`);
  }
}
