import type { Kysely } from 'kysely';

/**
 * Leases: one replica at a time does a tenant's background work (its directory refresh). A lease is a
 * row that expires, so a crashed holder's lease frees itself. Frozen once released (see 0001-directory.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leases')
    .addColumn('tenant', 'text', (column) => column.notNull())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('holder', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
    .addPrimaryKeyConstraint('leases_pk', ['tenant', 'name'])
    .execute();
}
