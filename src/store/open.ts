import { resolve, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
import type { Logger } from '../logger.js';
import type { StoreDatabase } from './database.js';
import { PostgresDirectoryStore } from './directory-store.js';
import { lockStoreDir } from './embedded-lock.js';
import { PostgresLeaseStore } from './lease-store.js';
import { migrateToLatest } from './migrate.js';
import type { GatewayStore } from './types.js';
import { PostgresWorkflowStore } from './workflow-store.js';

/** `storeDir` value that keeps the embedded database in memory (tests): gone when the store closes. */
export const IN_MEMORY_STORE = 'memory://';

export interface StoreOptions {
  /** A PostgreSQL server (`postgres://` or `postgresql://`); unset: the embedded engine. Never logged. */
  databaseUrl?: string;
  /** The embedded engine's folder (its data in `pgdata/`, a lock file beside it), or `memory://`. */
  storeDir: string;
  /** The server engine's pool size (the embedded engine has one connection). */
  maxConnections: number;
  logger: Logger;
}

/**
 * Opens the store and brings its schema up to date: a PostgreSQL server when `databaseUrl` is set
 * (replicas share it), else PostgreSQL embedded in this process (PGlite), so the gateway runs with no
 * server. Both run the same migrations and the same queries. Fails (and releases what it opened) when
 * the database cannot be reached or migrated.
 */
export async function openStore(options: StoreOptions): Promise<GatewayStore> {
  const startedAt = Date.now();
  const opened = options.databaseUrl === undefined ? await openEmbedded(options.storeDir) : openServer(options.databaseUrl, options.maxConnections, options.logger);
  return migrated(opened, options.logger, startedAt);
}

/**
 * A store over a PGlite the caller made (in memory), migrated; closing the store closes it. For tests,
 * which start each gateway's database from a prepared data-directory dump rather than pay for an initdb.
 */
export function openStoreOverPGlite(pglite: PGlite, logger: Logger): Promise<GatewayStore> {
  const db = new Kysely<StoreDatabase>({ dialect: new PGliteDialect({ pglite }) });
  return migrated({ engine: 'embedded', db, where: { dir: 'given' }, close: () => closeEmbedded(db, pglite) }, logger, Date.now());
}

async function migrated(opened: OpenDatabase, logger: Logger, startedAt: number): Promise<GatewayStore> {
  try {
    await migrateToLatest(opened.db as Kysely<unknown>, logger);
  } catch (error) {
    await opened.close();
    throw error;
  }
  logger.info({ store: { engine: opened.engine, ...opened.where }, ms: Date.now() - startedAt }, 'store open');
  return gatewayStore(opened);
}

interface OpenDatabase {
  engine: GatewayStore['engine'];
  db: Kysely<StoreDatabase>;
  /** Where the data is, for the log line (never a password). */
  where: Record<string, string | number>;
  close(): Promise<void>;
}

async function openEmbedded(storeDir: string): Promise<OpenDatabase> {
  if (storeDir === IN_MEMORY_STORE) {
    const pglite = await PGlite.create(IN_MEMORY_STORE);
    const db = new Kysely<StoreDatabase>({ dialect: new PGliteDialect({ pglite }) });
    return { engine: 'embedded', db, where: { dir: IN_MEMORY_STORE }, close: () => closeEmbedded(db, pglite) };
  }
  const dir = resolve(storeDir);
  const unlock = lockStoreDir(dir);
  try {
    const pglite = await PGlite.create(join(dir, 'pgdata'));
    const db = new Kysely<StoreDatabase>({ dialect: new PGliteDialect({ pglite }) });
    return {
      engine: 'embedded',
      db,
      where: { dir },
      close: async () => {
        try {
          await closeEmbedded(db, pglite);
        } finally {
          unlock();
        }
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

async function closeEmbedded(db: Kysely<StoreDatabase>, pglite: PGlite): Promise<void> {
  // Kysely closes PGlite only once it has used it; close it here too in case it never did.
  await db.destroy();
  if (!pglite.closed) await pglite.close();
}

function openServer(databaseUrl: string, maxConnections: number, logger: Logger): OpenDatabase {
  const url = new URL(databaseUrl);
  const pool = new Pool({
    connectionString: databaseUrl,
    max: maxConnections,
    // A server that does not answer fails a query within seconds rather than holding a request forever.
    connectionTimeoutMillis: 10_000,
    application_name: 'chat-gateway',
  });
  // An idle connection the server drops (restart, failover) is an 'error' event: unhandled, it would end
  // the process. The pool replaces the connection; the next query reports any lasting outage.
  pool.on('error', (error) => logger.warn({ err: { message: error.message } }, 'store: an idle database connection failed'));
  const db = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
  return {
    engine: 'server',
    db,
    where: { host: url.hostname, port: url.port || 5432, database: decodeURIComponent(url.pathname.slice(1)) },
    close: () => db.destroy(),
  };
}

function gatewayStore(opened: OpenDatabase): GatewayStore {
  const { db } = opened;
  let closing: Promise<void> | undefined;
  return {
    engine: opened.engine,
    directory: new PostgresDirectoryStore(db),
    workflows: new PostgresWorkflowStore(db),
    leases: new PostgresLeaseStore(db),
    async ping() {
      await sql`select 1`.execute(db);
    },
    close() {
      closing ??= opened.close();
      return closing;
    },
  };
}
