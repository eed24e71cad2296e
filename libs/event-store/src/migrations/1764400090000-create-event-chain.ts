import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tamper-evident hash chain over the event log (docs/audit-integrity.md). One row per event in commit
 * order; `seq` is dense from 1, so the chain's last row is also the chainer's progress (written in the same
 * transaction as the rows it covers). No foreign key to `events`: a deleted event must show up as a gap that
 * verification reports, not make the tampering impossible to record.
 */
export class CreateEventChain1764400090000 implements MigrationInterface {
  name = 'CreateEventChain1764400090000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE event_chain (
        seq bigint PRIMARY KEY CHECK (seq > 0),
        global_position bigint NOT NULL,
        transaction_id xid8 NOT NULL,
        hash bytea NOT NULL CHECK (length(hash) = 32),
        prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
        chained_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT event_chain_position_unique UNIQUE (global_position)
      )`);
    // Audit queries (GET /v1/audit/events) by type, actor and time; streams already have their unique key.
    // No GIN index on data: the principal filter also matches ARNs inside embedded documents, which no
    // index serves, and every append would pay for it.
    await queryRunner.query(
      `CREATE INDEX events_event_type ON events (event_type, transaction_id, global_position)`,
    );
    await queryRunner.query(
      `CREATE INDEX events_actor ON events ((metadata->>'actorArn'), transaction_id, global_position)`,
    );
    await queryRunner.query(`CREATE INDEX events_occurred_at ON events (occurred_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX events_occurred_at`);
    await queryRunner.query(`DROP INDEX events_actor`);
    await queryRunner.query(`DROP INDEX events_event_type`);
    await queryRunner.query(`DROP TABLE event_chain`);
  }
}
