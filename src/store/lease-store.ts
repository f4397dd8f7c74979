import { sql, type Kysely } from 'kysely';
import type { StoreDatabase } from './database.js';
import type { LeaseStore } from './types.js';

/**
 * Leases over PostgreSQL: one row per (tenant, name). Taking one is a single upsert that overwrites the
 * row only when it is free (expired) or already ours, so two replicas racing for it cannot both win:
 * PostgreSQL locks the row for the loser's statement until the winner's commits.
 */
export class PostgresLeaseStore implements LeaseStore {
  constructor(private readonly db: Kysely<StoreDatabase>) {}

  async tryAcquire(tenant: string, name: string, holder: string, ttlMs: number, at: Date): Promise<boolean> {
    const expiresAt = new Date(at.getTime() + ttlMs);
    const taken = await this.db
      .insertInto('leases')
      .values({ tenant, name, holder, expires_at: expiresAt })
      .onConflict((conflict) =>
        conflict
          .columns(['tenant', 'name'])
          .doUpdateSet({ holder, expires_at: expiresAt })
          .where((eb) => eb.or([eb('leases.holder', '=', holder), eb('leases.expires_at', '<=', at)])),
      )
      .returning(sql.lit(1).as('taken'))
      .executeTakeFirst();
    return taken !== undefined;
  }

  async release(tenant: string, name: string, holder: string): Promise<void> {
    // Only the holder's own lease: a holder whose lease expired and was taken over must not free the new one.
    await this.db.deleteFrom('leases').where('tenant', '=', tenant).where('name', '=', name).where('holder', '=', holder).execute();
  }
}
