import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per campaign, written in the transactions that append its start, completion start and completion:
 * the list route, the due-date timer and "the last certified campaign of this scope" read it without
 * replaying streams. The campaign's truth stays its `accessreview-<id>` stream.
 */
export class CreateAccessReviews1764400080000 implements MigrationInterface {
  name = 'CreateAccessReviews1764400080000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE access_reviews (
        review_id uuid PRIMARY KEY,
        name text NOT NULL,
        status text NOT NULL,
        scope_key text NOT NULL,
        due_at timestamptz NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        completed_at timestamptz,
        recurrence text,
        item_count integer NOT NULL,
        snapshot_position bigint NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX access_reviews_due ON access_reviews (due_at) WHERE status <> 'Completed'`,
    );
    await queryRunner.query(
      `CREATE INDEX access_reviews_certified ON access_reviews (scope_key, completed_at)
       WHERE status = 'Completed'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE access_reviews`);
  }
}
