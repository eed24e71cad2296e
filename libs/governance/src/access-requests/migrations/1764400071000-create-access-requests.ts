import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per access request, written in the transaction of each of its events: the timers take due rows
 * from it (FOR UPDATE SKIP LOCKED) and the request listings read it, so neither lags behind the events.
 */
export class CreateAccessRequests1764400071000 implements MigrationInterface {
  name = 'CreateAccessRequests1764400071000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE access_requests (
        request_id uuid PRIMARY KEY,
        requester_id uuid NOT NULL,
        requester_name text NOT NULL,
        target_type text NOT NULL,
        target_key text NOT NULL,
        target_name text NOT NULL,
        target_arn text NOT NULL,
        owner_target_type text,
        owner_target_id uuid,
        status text NOT NULL,
        approver_ids text[] NOT NULL DEFAULT '{}',
        submitted_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        grant_expires_at timestamptz,
        updated_at timestamptz NOT NULL,
        summary jsonb NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX access_requests_pending ON access_requests (expires_at) WHERE status = 'Pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX access_requests_granted ON access_requests (grant_expires_at) WHERE status = 'Approved'`,
    );
    await queryRunner.query(
      `CREATE INDEX access_requests_requester ON access_requests (requester_id, submitted_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX access_requests_target ON access_requests (target_type, target_key)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE access_requests`);
  }
}
