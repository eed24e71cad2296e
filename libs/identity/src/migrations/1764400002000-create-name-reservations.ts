import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNameReservations1764400002000 implements MigrationInterface {
  name = 'CreateNameReservations1764400002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE name_reservations (
        kind text NOT NULL,
        name_key text NOT NULL,
        owner_id text NOT NULL,
        PRIMARY KEY (kind, name_key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE name_reservations`);
  }
}
