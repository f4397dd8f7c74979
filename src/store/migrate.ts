import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Logger } from '../logger.js';
import { migrationProvider } from './migrations/index.js';

/**
 * Brings the database up to the newest migration. Kysely's migrator holds a lock while it runs (an
 * advisory lock on a PostgreSQL server, the single connection on PGlite), so replicas that start together
 * migrate once: the others wait, then find nothing left to do. Each migration runs in a transaction.
 */
export async function migrateToLatest(db: Kysely<unknown>, logger: Logger): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results = [] } = await migrator.migrateToLatest();
  for (const result of results) {
    if (result.status === 'Success') logger.info({ migration: result.migrationName }, 'store migration applied');
    else if (result.status === 'Error') logger.error({ migration: result.migrationName }, 'store migration failed');
  }
  if (error !== undefined) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`store migrations failed: ${reason}`, { cause: error });
  }
}
