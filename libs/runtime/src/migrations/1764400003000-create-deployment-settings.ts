import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateDeploymentSettings1764400003000 implements MigrationInterface {
  name = 'CreateDeploymentSettings1764400003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE deployment_settings (key text PRIMARY KEY, value text NOT NULL)`);
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        actor_arn text NOT NULL,
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        state text NOT NULL,
        status_code integer,
        response_body jsonb,
        position bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_arn, idempotency_key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_keys`);
    await queryRunner.query(`DROP TABLE deployment_settings`);
  }
}
