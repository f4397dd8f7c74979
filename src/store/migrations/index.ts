import type { Migration, MigrationProvider } from 'kysely/migration';
import * as directory from './0001-directory.js';
import * as workflows from './0002-workflows.js';
import * as leases from './0003-leases.js';

/**
 * Every migration, by the name the migration table records (applied in name order). Imported, not read
 * from a folder: the compiled dist/ and the tests run exactly these, with no file-system lookup. A new
 * migration is a new file and a new line here; a released one is never edited.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-directory': directory,
  '0002-workflows': workflows,
  '0003-leases': leases,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};
