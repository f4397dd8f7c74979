import { sql, type Kysely } from 'kysely';

/**
 * The directory: people, the platform identities linked to them by e-mail, and how far each platform's
 * refresh got. Every table leads with the tenant, and so does every key and index: no query crosses
 * tenants, and each one reads only its tenant's part of an index.
 *
 * Migrations are frozen once released: they take an untyped `Kysely<unknown>` and never import the current row types.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // E-mail addresses are sorted byte-wise ("C"): pages are ordered alike on every engine and locale, and
  // the unique index serves that order.
  const bytewise = sql`collate "C"`;
  // Orders directory writes without a clock: a refresh removes only identities written before it started
  // (see directory-store.ts), so an identity onboarding adds meanwhile is not lost to an older page.
  await sql`create sequence directory_writes`.execute(db);

  await db.schema
    .createTable('people')
    .addColumn('tenant', 'text', (column) => column.notNull())
    .addColumn('id', 'uuid', (column) => column.notNull())
    .addColumn('email', 'text', (column) => column.notNull().modifyFront(bytewise))
    .addColumn('display_name', 'text')
    .addColumn('display_name_folded', 'text')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull())
    .addColumn('updated_at', 'timestamptz', (column) => column.notNull())
    .addPrimaryKeyConstraint('people_pk', ['tenant', 'id'])
    .addUniqueConstraint('people_email_unique', ['tenant', 'email'])
    .execute();

  await db.schema
    .createTable('identities')
    .addColumn('tenant', 'text', (column) => column.notNull())
    .addColumn('platform', 'text', (column) => column.notNull())
    .addColumn('user_id', 'text', (column) => column.notNull())
    // Null exactly when the identity has no e-mail address (nothing to link it by).
    .addColumn('person_id', 'uuid')
    .addColumn('email', 'text')
    .addColumn('display_name', 'text')
    .addColumn('roles', 'jsonb', (column) => column.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('seen_at', 'timestamptz', (column) => column.notNull())
    .addColumn('written_seq', 'bigint', (column) => column.notNull().defaultTo(sql`nextval('directory_writes')`))
    .addPrimaryKeyConstraint('identities_pk', ['tenant', 'platform', 'user_id'])
    // A person is deleted only once no identity points at it; the key makes a mistake there an error.
    .addForeignKeyConstraint('identities_person_fk', ['tenant', 'person_id'], 'people', ['tenant', 'id'])
    .execute();
  // A person's identities (a page of people, the orphan sweep, the display name); the primary key serves
  // a platform's identities (a refresh's removals, directorySync's counts).
  await db.schema.createIndex('identities_person').on('identities').columns(['tenant', 'person_id']).execute();

  await db.schema
    .createTable('directory_sync')
    .addColumn('tenant', 'text', (column) => column.notNull())
    .addColumn('platform', 'text', (column) => column.notNull())
    .addColumn('last_started_at', 'timestamptz')
    .addColumn('last_finished_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .addColumn('last_failed_at', 'timestamptz')
    .addColumn('running', 'boolean', (column) => column.notNull().defaultTo(false))
    .addColumn('running_until', 'timestamptz')
    // `directory_writes` when the current run started; null when no run is under way.
    .addColumn('started_seq', 'bigint')
    .addPrimaryKeyConstraint('directory_sync_pk', ['tenant', 'platform'])
    .execute();
}
