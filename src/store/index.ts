/**
 * The store: what the gateway keeps in PostgreSQL (the directory, workflow records, leases). The rest of
 * the gateway imports the contract (types.ts) and `openStore`; only this folder talks to the database.
 */
export { openStore, IN_MEMORY_STORE, type StoreOptions } from './open.js';
export { storeHealth, type StoreHealth } from './health.js';
export * from './types.js';
