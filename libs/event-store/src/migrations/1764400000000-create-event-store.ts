import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateEventStore1764400000000 implements MigrationInterface {
  name = 'CreateEventStore1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE events (
        global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_id text NOT NULL,
        stream_version integer NOT NULL CHECK (stream_version > 0),
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        schema_version integer NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version),
        CONSTRAINT events_event_id_unique UNIQUE (event_id)
      )`);
    // The commit-order key: readers walk (transaction_id, global_position) below the snapshot's xmin.
    await queryRunner.query(`CREATE INDEX events_commit_order ON events (transaction_id, global_position)`);
    await queryRunner.query(`
      CREATE TABLE consumer_checkpoints (
        consumer text PRIMARY KEY,
        transaction_id xid8 NOT NULL,
        global_position bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE consumer_checkpoints`);
    await queryRunner.query(`DROP TABLE events`);
  }
}
