import { sql, type Kysely, type Transaction } from 'kysely';
import type { StoreDatabase } from './database.js';
import { containsPattern, DIRECTORY_PLATFORMS, foldForSearch, inPlatformOrder, normalizeEmail, platformRank } from './directory-values.js';
import { isUuid } from './ids.js';
import type { DirectoryPlatform, IdentityRecord, IdentityRole, PeoplePage, PeopleQuery, PersonRecord } from './types.js';

/** Reads of the directory, each scoped to one tenant. Shared by the store and by its writes (inside their transaction). */

type Db = Kysely<StoreDatabase> | Transaction<StoreDatabase>;

/** `array_position(ARRAY['rocketchat', 'imi'], <column>)`: ranks platforms in `DirectoryPlatform` order in SQL. */
export const platformRankSql = (column: string) =>
  sql<number>`array_position(array[${sql.join(DIRECTORY_PLATFORMS.map((platform) => sql.lit(platform)))}]::text[], ${sql.ref(column)})`;

/** The people of one tenant, with the platforms of their identities. */
function peopleOf(db: Db, tenant: string) {
  return db
    .selectFrom('people as p')
    .where('p.tenant', '=', tenant)
    .select(['p.id', 'p.email', 'p.display_name', 'p.created_at', 'p.updated_at'])
    .select(platformsOfPerson().as('platforms'));
}

/** The platforms of person `p`'s identities; jsonb rather than text[], which both engines' drivers hand back parsed. */
const platformsOfPerson = () =>
  sql<string[] | null>`(select jsonb_agg(distinct i.platform) from identities i where i.tenant = p.tenant and i.person_id = p.id)`;

type PersonRow = { id: string; email: string; display_name: string | null; created_at: Date; updated_at: Date; platforms: string[] | null };

function toPerson(row: PersonRow): PersonRecord {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    platforms: inPlatformOrder(row.platforms ?? []),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function personById(db: Db, tenant: string, id: string): Promise<PersonRecord | null> {
  if (!isUuid(id)) return null;
  const row = await peopleOf(db, tenant).where('p.id', '=', id).executeTakeFirst();
  return row ? toPerson(row) : null;
}

export async function personByEmail(db: Db, tenant: string, email: string): Promise<PersonRecord | null> {
  const normalized = normalizeEmail(email);
  if (normalized === null) return null;
  const row = await peopleOf(db, tenant).where('p.email', '=', normalized).executeTakeFirst();
  return row ? toPerson(row) : null;
}

/** A page of people, ordered by e-mail address (byte-wise) then id, and the number of matches on all pages. */
export async function listPeople(db: Db, tenant: string, query: PeopleQuery): Promise<PeoplePage> {
  let matches = db.selectFrom('people as p').where('p.tenant', '=', tenant);
  const search = query.search?.trim();
  if (search) {
    const pattern = containsPattern(foldForSearch(search));
    // E-mail addresses are stored lower-cased and names folded (directory-values.ts): a plain LIKE is case-insensitive here.
    matches = matches.where(sql<boolean>`(p.email like ${pattern} escape '\\' or p.display_name_folded like ${pattern} escape '\\')`);
  }
  if (query.platform !== undefined) {
    const platform = query.platform;
    matches = matches.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('identities as i')
          .select(sql.lit(1).as('one'))
          .whereRef('i.tenant', '=', 'p.tenant')
          .whereRef('i.person_id', '=', 'p.id')
          .where('i.platform', '=', platform),
      ),
    );
  }
  const counted = await matches.select((eb) => eb.fn.countAll<string | number>().as('total')).executeTakeFirstOrThrow();
  const total = Number(counted.total);
  if (query.limit <= 0 || query.offset >= total) return { people: [], total };
  const rows = await matches
    .select(['p.id', 'p.email', 'p.display_name', 'p.created_at', 'p.updated_at'])
    .select(platformsOfPerson().as('platforms'))
    .orderBy('p.email')
    .orderBy('p.id')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return { people: rows.map(toPerson), total };
}

/** Every identity of these people, by person id (people without identities are absent from the map). */
export async function identitiesOf(db: Db, tenant: string, personIds: readonly string[]): Promise<Map<string, IdentityRecord[]>> {
  const ids = [...new Set(personIds.filter(isUuid))];
  const byPerson = new Map<string, IdentityRecord[]>();
  if (ids.length === 0) return byPerson;
  const rows = await db
    .selectFrom('identities')
    .selectAll()
    .where('tenant', '=', tenant)
    .where('person_id', 'in', ids)
    .orderBy('person_id')
    .orderBy(platformRankSql('platform'))
    .orderBy('user_id')
    .execute();
  for (const row of rows) {
    if (row.person_id === null || platformRank(row.platform) >= DIRECTORY_PLATFORMS.length) continue;
    const identity: IdentityRecord = {
      platform: row.platform as DirectoryPlatform,
      userId: row.user_id,
      email: row.email,
      displayName: row.display_name,
      roles: row.roles as IdentityRole[],
      personId: row.person_id,
      seenAt: row.seen_at,
    };
    const list = byPerson.get(row.person_id);
    if (list) list.push(identity);
    else byPerson.set(row.person_id, [identity]);
  }
  return byPerson;
}
