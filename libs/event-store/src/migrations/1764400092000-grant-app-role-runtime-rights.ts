import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, whenAppRoleExists } from './1764400091000-protect-event-history.js';

/**
 * What the service does at run time beyond reading and writing rows, as `access_ledger_app`: access reviews
 * read other sessions' transaction ids from pg_stat_activity (hidden from a plain role: pg_read_all_stats),
 * and test fixtures create scratch tables (CREATE on the schema; it gives no right over tables it does not
 * own, so the history stays append-only).
 */
export class GrantAppRoleRuntimeRights1764400092000 implements MigrationInterface {
  name = 'GrantAppRoleRuntimeRights1764400092000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      whenAppRoleExists(`
        EXECUTE format('GRANT CREATE ON SCHEMA %I TO ${APP_ROLE}', current_schema());
        BEGIN
          GRANT pg_read_all_stats TO ${APP_ROLE};
        EXCEPTION WHEN insufficient_privilege THEN
          RAISE WARNING 'cannot grant pg_read_all_stats to ${APP_ROLE}: a DBA must (access reviews need it)';
        END;
      `),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      whenAppRoleExists(`
        EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM ${APP_ROLE}', current_schema());
      `),
    );
  }
}
