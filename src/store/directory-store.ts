import { sql, type Kysely, type Transaction } from 'kysely';
import type { StoreDatabase } from './database.js';
import { DIRECTORY_PLATFORMS, foldForSearch, normalizeIdentities, type NormalizedIdentity } from './directory-values.js';
import { newId } from './ids.js';
import { identitiesOf, listPeople, personByEmail, personById, platformRankSql } from './people-queries.js';
import type { DirectoryPlatform, DirectoryStore, IdentityInput, PeopleQuery, PersonRecord, RefreshResult, SyncState } from './types.js';

type Tx = Transaction<StoreDatabase>;

/** The next number of the directory's write order (migrations/0001-directory.ts). */
const nextWrite = () => sql<string>`nextval('directory_writes')`;

/** PostgreSQL's SQLSTATE for a foreign key violation. */
const FOREIGN_KEY_VIOLATION = '23503';

/**
 * The directory over PostgreSQL: identities linked into people by e-mail address. Writes that change
 * links run in one transaction and end with `tidyPeople`, so no reader ever sees a person without an
 * identity or an identity pointing at a person that is gone.
 *
 * A refresh pages through a platform for a while before it applies what it saw. An identity written in
 * the meantime (onboarding's `upsertIdentity`) is not on those pages, yet is no reason to remove it: a
 * refresh removes only identities written before it started, by a write order kept in SQL (no clocks to
 * disagree). Without a recorded start, it removes every identity it did not see.
 */
export class PostgresDirectoryStore implements DirectoryStore {
  constructor(
    private readonly db: Kysely<StoreDatabase>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  applyRefresh(tenant: string, platform: DirectoryPlatform, seen: readonly IdentityInput[], finishedAt: Date): Promise<RefreshResult> {
    const identities = normalizeIdentities(seen);
    return this.db.transaction().execute(async (tx) => {
      const run = await tx
        .selectFrom('directory_sync')
        .select('started_seq')
        .where('tenant', '=', tenant)
        .where('platform', '=', platform)
        .forUpdate()
        .executeTakeFirst();
      const peopleCreated = await createMissingPeople(tx, tenant, identities, finishedAt);
      await upsertIdentities(tx, tenant, platform, identities, finishedAt);
      // A complete pass: what it did not see is gone from the platform (unless written after it started).
      let unseen = tx
        .deleteFrom('identities')
        .where('tenant', '=', tenant)
        .where('platform', '=', platform)
        .where('user_id', 'not in', sql<string>`(select jsonb_array_elements_text(${JSON.stringify(identities.map((identity) => identity.userId))}::jsonb))`);
      // bigint: a string from pg, maybe a BigInt from PGlite; passed back as text either way.
      const startedSeq = run?.started_seq;
      if (startedSeq !== null && startedSeq !== undefined) unseen = unseen.where(sql<boolean>`written_seq < ${String(startedSeq)}::bigint`);
      const removed = await unseen.executeTakeFirst();
      await tidyPeople(tx, tenant, finishedAt);
      const finished = { last_finished_at: finishedAt, last_error: null, running: false, running_until: null, started_seq: null };
      await tx
        .insertInto('directory_sync')
        .values({ tenant, platform, ...finished })
        .onConflict((conflict) => conflict.columns(['tenant', 'platform']).doUpdateSet(finished))
        .execute();
      return { upserted: identities.length, removed: Number(removed.numDeletedRows), peopleCreated };
    });
  }

  async refreshStarted(tenant: string, platform: DirectoryPlatform, at: Date, runningUntil?: Date): Promise<void> {
    const started = { last_started_at: at, running: true, running_until: runningUntil ?? null, started_seq: nextWrite() };
    await this.db
      .insertInto('directory_sync')
      .values({ tenant, platform, ...started })
      .onConflict((conflict) => conflict.columns(['tenant', 'platform']).doUpdateSet(started))
      .execute();
  }

  async refreshFailed(tenant: string, platform: DirectoryPlatform, at: Date, error: string): Promise<void> {
    // The last finish stays the last successful one: it says how fresh the directory is.
    const failed = { last_error: error, last_failed_at: at, running: false, running_until: null, started_seq: null };
    await this.db
      .insertInto('directory_sync')
      .values({ tenant, platform, ...failed })
      .onConflict((conflict) => conflict.columns(['tenant', 'platform']).doUpdateSet(failed))
      .execute();
  }

  async upsertIdentity(tenant: string, input: IdentityInput): Promise<PersonRecord | null> {
    try {
      return await this.upsertIdentityOnce(tenant, input);
    } catch (error) {
      // A refresh committing meanwhile may have deleted the person this write linked to (it had no
      // identity left then): the foreign key refuses the link. Once more finds or makes the person anew.
      if ((error as { code?: unknown }).code !== FOREIGN_KEY_VIOLATION) throw error;
      return this.upsertIdentityOnce(tenant, input);
    }
  }

  private upsertIdentityOnce(tenant: string, input: IdentityInput): Promise<PersonRecord | null> {
    const [identity] = normalizeIdentities([input]);
    if (!identity) throw new Error('normalizeIdentities dropped an identity');
    const at = this.now();
    return this.db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('identities')
        .select('person_id')
        .where('tenant', '=', tenant)
        .where('platform', '=', input.platform)
        .where('user_id', '=', identity.userId)
        .forUpdate()
        .executeTakeFirst();
      await createMissingPeople(tx, tenant, [identity], at);
      await upsertIdentities(tx, tenant, input.platform, [identity], at);
      const person = identity.email === null ? null : await personByEmail(tx, tenant, identity.email);
      await tidyPeople(tx, tenant, at, [before?.person_id, person?.id]);
      // Read after tidying: the display name may have changed with this identity.
      return person && personById(tx, tenant, person.id);
    });
  }

  async removeIdentity(tenant: string, platform: DirectoryPlatform, userId: string): Promise<void> {
    const at = this.now();
    await this.db.transaction().execute(async (tx) => {
      const removed = await tx
        .deleteFrom('identities')
        .where('tenant', '=', tenant)
        .where('platform', '=', platform)
        .where('user_id', '=', userId)
        .returning('person_id')
        .executeTakeFirst();
      if (removed?.person_id) await tidyPeople(tx, tenant, at, [removed.person_id]);
    });
  }

  listPeople(tenant: string, query: PeopleQuery) {
    return listPeople(this.db, tenant, query);
  }

  personById(tenant: string, id: string) {
    return personById(this.db, tenant, id);
  }

  personByEmail(tenant: string, email: string) {
    return personByEmail(this.db, tenant, email);
  }

  identitiesOf(tenant: string, personIds: readonly string[]) {
    return identitiesOf(this.db, tenant, personIds);
  }

  async syncStates(tenant: string): Promise<SyncState[]> {
    const [rows, counts] = await Promise.all([
      this.db.selectFrom('directory_sync').selectAll().where('tenant', '=', tenant).execute(),
      this.db
        .selectFrom('identities')
        .select(['platform', (eb) => eb.fn.countAll<string | number>().as('count')])
        .where('tenant', '=', tenant)
        .groupBy('platform')
        .execute(),
    ]);
    const now = this.now();
    return DIRECTORY_PLATFORMS.map((platform) => {
      const row = rows.find((candidate) => candidate.platform === platform);
      const count = counts.find((candidate) => candidate.platform === platform)?.count ?? 0;
      return {
        platform,
        lastStartedAt: row?.last_started_at ?? null,
        lastFinishedAt: row?.last_finished_at ?? null,
        // A run whose replica crashed stops counting once its lease would have expired.
        running: Boolean(row?.running) && (!row?.running_until || row.running_until > now),
        lastError: row?.last_error ?? null,
        identities: Number(count),
      };
    });
  }
}

/** A person for every e-mail address not seen before; returns how many were created. */
async function createMissingPeople(tx: Tx, tenant: string, identities: readonly NormalizedIdentity[], at: Date): Promise<number> {
  const byEmail = new Map<string, { id: string; email: string; display_name: string | null; display_name_folded: string | null }>();
  for (const { email, displayName } of identities) {
    if (email === null) continue;
    const known = byEmail.get(email);
    if (!known) byEmail.set(email, { id: newId(), email, display_name: displayName, display_name_folded: displayName && foldForSearch(displayName) });
    else if (known.display_name === null && displayName !== null) Object.assign(known, { display_name: displayName, display_name_folded: foldForSearch(displayName) });
  }
  if (byEmail.size === 0) return 0;
  // One statement for the whole batch (a refresh may bring thousands): the rows travel as one JSON value.
  const created = await sql<{ id: string }>`
    insert into people (tenant, id, email, display_name, display_name_folded, created_at, updated_at)
    select ${tenant}, x.id, x.email, x.display_name, x.display_name_folded, ${at}, ${at}
    from jsonb_to_recordset(${JSON.stringify([...byEmail.values()])}::jsonb)
      as x(id uuid, email text, display_name text, display_name_folded text)
    on conflict (tenant, email) do nothing
    returning id`.execute(tx);
  return created.rows.length;
}

/** Upserts identities of one platform, each linked to the person with its e-mail address (which exists by now). */
async function upsertIdentities(tx: Tx, tenant: string, platform: DirectoryPlatform, identities: readonly NormalizedIdentity[], at: Date): Promise<void> {
  if (identities.length === 0) return;
  const rows = identities.map((identity) => ({ user_id: identity.userId, email: identity.email, display_name: identity.displayName, roles: identity.roles }));
  await sql`
    insert into identities (tenant, platform, user_id, person_id, email, display_name, roles, seen_at)
    select ${tenant}, ${platform}, x.user_id, p.id, x.email, x.display_name, x.roles, ${at}
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(user_id text, email text, display_name text, roles jsonb)
      left join people p on p.tenant = ${tenant} and p.email = x.email
    on conflict (tenant, platform, user_id) do update set
      person_id = excluded.person_id, email = excluded.email, display_name = excluded.display_name,
      roles = excluded.roles, seen_at = excluded.seen_at, written_seq = ${nextWrite()}`.execute(tx);
}

/**
 * After identities changed: deletes people left without an identity, and gives the others the display
 * name of their first identity that has one (in platform order). `personIds` narrows both to the people
 * a single change touched; a refresh tidies the whole tenant.
 */
async function tidyPeople(tx: Tx, tenant: string, at: Date, personIds?: ReadonlyArray<string | null | undefined>): Promise<void> {
  const only = personIds && [...new Set(personIds.filter((id): id is string => typeof id === 'string'))];
  if (only?.length === 0) return;
  let orphans = tx
    .deleteFrom('people as p')
    .where('p.tenant', '=', tenant)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('identities as i').select(sql.lit(1).as('one')).whereRef('i.tenant', '=', 'p.tenant').whereRef('i.person_id', '=', 'p.id'))),
    );
  if (only) orphans = orphans.where('p.id', 'in', only);
  await orphans.execute();

  const derivedName = sql<string | null>`(
    select i.display_name from identities i
    where i.tenant = p.tenant and i.person_id = p.id and i.display_name is not null
    order by ${platformRankSql('i.platform')}, i.user_id limit 1)`;
  let renamed = tx
    .selectFrom('people as p')
    .select(['p.id', derivedName.as('display_name')])
    .where('p.tenant', '=', tenant)
    .where(sql<boolean>`p.display_name is distinct from ${derivedName}`);
  if (only) renamed = renamed.where('p.id', 'in', only);
  const changes = (await renamed.execute()).map((row) => ({
    id: row.id,
    display_name: row.display_name,
    display_name_folded: row.display_name && foldForSearch(row.display_name),
  }));
  if (changes.length === 0) return;
  await sql`
    update people p set display_name = x.display_name, display_name_folded = x.display_name_folded, updated_at = ${at}
    from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as x(id uuid, display_name text, display_name_folded text)
    where p.tenant = ${tenant} and p.id = x.id`.execute(tx);
}
