import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The database role the service runs as after migrations (docs/audit-integrity.md "Database protection"). */
export const APP_ROLE = 'access_ledger_app';

const HISTORY_TABLES = ['events', 'event_chain'];

/** A PL/pgSQL block run only where the role exists (a login that may not create roles leaves it absent). */
export const whenAppRoleExists = (statements: string) => `
  DO $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN RETURN; END IF;
    ${statements}
  END $$`;

/**
 * History is append-only twice over. A trigger refuses UPDATE, DELETE and TRUNCATE for everyone, superusers
 * included (a superuser can drop the trigger, which the hash chain and signed checkpoints then reveal). And
 * the application's role holds only SELECT and INSERT on the history tables, full rights on everything else
 * (read models, checkpoints), including tables later migrations create (default privileges).
 */
export class ProtectEventHistory1764400091000 implements MigrationInterface {
  name = 'ProtectEventHistory1764400091000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the event history is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of HISTORY_TABLES) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION refuse_history_change()`);
      await queryRunner.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change()`);
    }
    // Roles are cluster-wide: databases migrating at the same time may race to create it (the loser's
    // error is caught). A login without CREATEROLE cannot create it; a DBA then creates it beforehand.
    await queryRunner.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          BEGIN
            CREATE ROLE ${APP_ROLE} NOLOGIN;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
          END;
        END IF;
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE WARNING 'cannot create role ${APP_ROLE}: create it as a DBA and grant it to the service login';
      END $$`);
    await queryRunner.query(
      whenAppRoleExists(`
        IF NOT pg_has_role(current_user, '${APP_ROLE}', 'MEMBER') THEN
          EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user);
        END IF;
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${APP_ROLE}', current_schema());
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA %I TO ${APP_ROLE}', current_schema());
        EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO ${APP_ROLE}', current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO ${APP_ROLE}', current_schema());
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${APP_ROLE}', current_schema());
        REVOKE ALL ON ${HISTORY_TABLES.join(', ')} FROM ${APP_ROLE};
        GRANT SELECT, INSERT ON ${HISTORY_TABLES.join(', ')} TO ${APP_ROLE};
      `),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of HISTORY_TABLES) {
      await queryRunner.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_append_only ON ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION refuse_history_change()`);
  }
}
