import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1764400091000-protect-event-history.js';

/**
 * Lets the service log in as `access_ledger_app` itself where the server allows it (no password is set: a
 * server that asks for one refuses, and the service takes the role after logging in instead). A session
 * that logged in as the role is the role's own: it may end its own backends and sees its own activity,
 * which a session that only took the role after a superuser login may not.
 */
export class AppRoleLogin1764400093000 implements MigrationInterface {
  name = 'AppRoleLogin1764400093000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}' AND NOT rolcanlogin) THEN
          ALTER ROLE ${APP_ROLE} LOGIN;
        END IF;
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE WARNING 'cannot let ${APP_ROLE} log in: the service will take the role after logging in';
      END $$`);
  }

  async down(): Promise<void> {
    // The role is shared by every database of the cluster: its LOGIN attribute stays.
  }
}
