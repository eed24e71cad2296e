import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProjectionProgress1764400001000 implements MigrationInterface {
  name = 'CreateProjectionProgress1764400001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE projection_progress (
        projection text NOT NULL,
        stream_id text NOT NULL,
        stream_version integer NOT NULL,
        PRIMARY KEY (projection, stream_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE users_view (
        user_id uuid PRIMARY KEY,
        account_id text NOT NULL,
        user_name text NOT NULL,
        user_name_key text NOT NULL UNIQUE,
        kind text NOT NULL,
        display_name text NOT NULL,
        email text,
        comments text,
        create_date timestamptz NOT NULL,
        update_date timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE users_view`);
    await queryRunner.query(`DROP TABLE projection_progress`);
  }
}
