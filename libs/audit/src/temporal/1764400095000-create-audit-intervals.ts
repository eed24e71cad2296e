import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The temporal projection (docs/audit-history.md): one row per validity interval [from, to) of a membership,
 * an attachment, a policy version, a default version, a trust policy, a role eligibility or a principal's
 * existence, with the events that opened and closed it. A row is open while `to_position` is null.
 */
export class CreateAuditIntervals1764400095000 implements MigrationInterface {
  name = 'CreateAuditIntervals1764400095000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_intervals (
        interval_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        subject_name text NOT NULL,
        object_key text NOT NULL,
        object_name text,
        detail jsonb NOT NULL,
        expires_at timestamptz,
        from_time timestamptz NOT NULL,
        from_position bigint NOT NULL,
        from_cause jsonb NOT NULL,
        to_time timestamptz,
        to_position bigint,
        to_cause jsonb
      )`);
    // "What did this subject hold at T": few rows per subject, walked by time.
    await queryRunner.query(
      `CREATE INDEX audit_intervals_subject ON audit_intervals (subject_id, kind, from_time, to_time)`,
    );
    // "Everything in force at T" (who-can, diff): a range containment search.
    await queryRunner.query(
      `CREATE INDEX audit_intervals_validity ON audit_intervals USING gist (tstzrange(from_time, to_time, '[)'))`,
    );
    // A principal's ARN names it; names are reused after deletion, so the name leads to several ids over time.
    await queryRunner.query(
      `CREATE INDEX audit_intervals_principal_name ON audit_intervals (subject_type, lower(subject_name))
       WHERE kind = 'principal'`,
    );
    // Closing an interval finds the open row of its key.
    await queryRunner.query(
      `CREATE INDEX audit_intervals_open ON audit_intervals (subject_id, kind, object_key) WHERE to_position IS NULL`,
    );
    // A user's timeline finds the roles an access request made it eligible for by the user's id.
    await queryRunner.query(
      `CREATE INDEX audit_intervals_eligible_user ON audit_intervals (object_key) WHERE kind = 'eligibility'`,
    );
    // Approvers of access requests, joined at query time: the request's stream and the grant's stream are
    // different Kafka partitions, so either may arrive first.
    await queryRunner.query(`
      CREATE TABLE audit_request_approvals (
        access_request_id text PRIMARY KEY,
        approvers jsonb NOT NULL,
        approved_at timestamptz NOT NULL,
        event_id uuid NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_request_approvals`);
    await queryRunner.query(`DROP TABLE audit_intervals`);
  }
}
