/**
 * The gateways' store for a run (`BENCH_STORE`). A deployment sets DATABASE_URL to a PostgreSQL server
 * that its replicas share; without it the gateway runs PostgreSQL embedded in its own process (PGlite,
 * PostgreSQL compiled to WebAssembly), which alone keeps about 250 MB resident in that process (PGLITE_RSS_MB):
 * measured that way, the gateway's RSS would be mostly PGlite's.
 *
 * - `server` (the default where PostgreSQL's server binaries are installed): one PostgreSQL server for the
 *   whole run (postgres-server.ts), and a database of its own for each gateway process, named by
 *   DATABASE_URL. Nothing else is prepared: the gateway migrates its empty database at start.
 * - `embedded` (the default otherwise): each gateway process has its own store folder (each locks its
 *   own), a copy of one that a gateway start created and migrated before the run (processes.ts).
 *
 * With DATABASE_URL or GATEWAY_STORE_DIR in BENCH_GATEWAY_ENV, the bench prepares nothing and every lane
 * uses that store.
 */
import { cpSync } from 'node:fs';
import { temporaryFolder } from './cleanup.js';
import { findPostgres, startPostgresServer, type PostgresServer } from './postgres-server.js';
import { prepareGatewayStore, type LaneStore } from './processes.js';
import type { StoreReport } from './report.js';
import type { BenchSettings, StoreMode } from './settings.js';
import type { SimulatorInfo } from './simulator-protocol.js';

/**
 * What PGlite adds to a process's RSS when it opens an existing store, in MB: a Node 20 process that does
 * nothing else went from 46 to 297 MB on `PGlite.create(dir)` and a first query (on an empty folder, whose
 * initdb runs in the process, to 823 MB); a gateway lane's RSS right after start is 387 MB on the
 * embedded store and 131 MB on the server (2 × AMD EPYC, 2026-12).
 */
export const PGLITE_RSS_MB = 250;

export interface BenchStore {
  mode: StoreMode;
  /** Its store for one more gateway process. */
  forLane(laneName: string): Promise<LaneStore>;
  /** What the report says about it; `serverMemoryMb` is read now (call it before closing). */
  report(): StoreReport;
  /** Stops and deletes what the bench started for it. */
  close(): Promise<void>;
}

export async function openBenchStore(settings: BenchSettings, info: SimulatorInfo, say: (line: string) => void): Promise<BenchStore> {
  const given = givenStore(settings);
  if (given) return given;
  const lookup = findPostgres();
  if (settings.store === 'server' && 'missing' in lookup) {
    throw new Error(`BENCH_STORE=server, but no PostgreSQL server can run here: ${lookup.missing}. Install it (Debian: apt-get install postgresql) or run with BENCH_STORE=embedded.`);
  }
  if (settings.store === 'embedded') return embeddedStore(settings, info, '`BENCH_STORE=embedded`', say);
  if ('missing' in lookup) return embeddedStore(settings, info, `\`BENCH_STORE\` unset, and no PostgreSQL server here (${lookup.missing})`, say);
  const reason = settings.store === 'server' ? '`BENCH_STORE=server`' : '`BENCH_STORE` unset: the default where PostgreSQL is installed';
  const server = await startPostgresServer(lookup.found);
  say(`store: ${server.version} on 127.0.0.1:${server.port} (${server.binaries.dir}/postgres), started in ${server.startSeconds.toFixed(1)} s; a database per gateway lane`);
  return serverStore(server, reason);
}

function serverStore(server: PostgresServer, reason: string): BenchStore {
  const used = new Set<string>();
  return {
    mode: 'server',
    async forLane(laneName) {
      // One database per process, named after its lane: bench_gateway, bench_gateway_trusted_documents, …
      const base = `bench_${laneName.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')}`.slice(0, 50);
      let name = base;
      for (let n = 2; used.has(name); n += 1) name = `${base}_${n}`;
      used.add(name);
      // Dropped with the server at the end of the run.
      return { env: { DATABASE_URL: await server.createDatabase(name) }, remove: () => undefined };
    },
    report: () => ({
      mode: 'server',
      description:
        `one ${server.version} server, \`${server.binaries.dir}/postgres\` with its default settings, started for the run on 127.0.0.1:${server.port} (${reason}): ` +
        'a process of its own, as in a deployment, whose gateways name the server their replicas share with DATABASE_URL. Each gateway lane has a database of its own on it, ' +
        'created empty just before the lane starts and migrated by the gateway at start. None of the four scenarios reads or writes the store. Not a measured process: ' +
        'no row\'s CPU time or RSS includes it.',
      rssNote: 'store: server, outside the process',
      rssExplanation:
        'The gateway lanes\' RSS is their Node process alone: their store is the PostgreSQL server (`BENCH_STORE=server`), a process of its own as in production, ' +
        'which no row includes',
      serverMemoryMb: server.memoryMb(),
    }),
    close: () => server.close(),
  };
}

async function embeddedStore(settings: BenchSettings, info: SimulatorInfo, reason: string, say: (line: string) => void): Promise<BenchStore> {
  const template = await prepareGatewayStore(settings, info);
  say(`store: embedded (PGlite in each gateway process); created and migrated by a first start in ${template.seconds.toFixed(1)} s; every gateway lane starts on a copy`);
  return {
    mode: 'embedded',
    async forLane() {
      const folder = temporaryFolder('bench-gateway-store-');
      cpSync(template.dir, folder.dir, { recursive: true });
      return { env: { GATEWAY_STORE_DIR: folder.dir }, remove: folder.remove };
    },
    report: () => ({
      mode: 'embedded',
      description:
        `embedded (${reason}): PGlite, PostgreSQL compiled to WebAssembly, in each gateway's own process; each gateway lane starts on a copy of a store folder ` +
        'that one gateway start created and migrated before the run (a restarted deployment, whose volume keeps the store). None of the four scenarios reads or writes the store.',
      rssNote: `store: embedded, includes PGlite's ~${PGLITE_RSS_MB} MB`,
      rssExplanation:
        `Each gateway lane's RSS includes its embedded store (\`BENCH_STORE=embedded\`): PGlite runs in the gateway's process and keeps about ${PGLITE_RSS_MB} MB of it resident, ` +
        'so the gateway lanes\' RSS figures (and their ratios to the baseline) are mostly PGlite\'s, not the gateway\'s; `BENCH_STORE=server` (a PostgreSQL server, as in production) measures the gateway alone',
    }),
    close: async () => template.remove(),
  };
}

/** BENCH_GATEWAY_ENV names the store itself: every lane uses it, the bench prepares nothing. */
function givenStore(settings: BenchSettings): BenchStore | undefined {
  const { DATABASE_URL: url, GATEWAY_STORE_DIR: dir } = settings.gatewayEnvOverrides;
  if (url === undefined && dir === undefined) return undefined;
  const mode: StoreMode = url !== undefined ? 'server' : 'embedded';
  if (settings.store !== undefined && settings.store !== mode) {
    throw new Error(`BENCH_STORE=${settings.store}, but BENCH_GATEWAY_ENV sets ${url !== undefined ? 'DATABASE_URL' : 'GATEWAY_STORE_DIR'} (a ${mode} store): drop one of them`);
  }
  const report: StoreReport =
    mode === 'server'
      ? {
          mode,
          description: 'the PostgreSQL server of DATABASE_URL in `BENCH_GATEWAY_ENV`, one database shared by every gateway lane. Not a measured process.',
          rssNote: 'store: server, outside the process',
          rssExplanation: 'The gateway lanes\' RSS is their Node process alone: their store is the PostgreSQL server of `BENCH_GATEWAY_ENV`\'s DATABASE_URL, which no row includes',
        }
      : {
          mode,
          description: 'embedded (PGlite, in each gateway\'s own process), in GATEWAY_STORE_DIR of `BENCH_GATEWAY_ENV` (a folder one process at a time can lock).',
          rssNote: `store: embedded, includes PGlite's ~${PGLITE_RSS_MB} MB`,
          rssExplanation: `Each gateway lane's RSS includes its embedded store, PGlite (about ${PGLITE_RSS_MB} MB of it)`,
        };
  return { mode, forLane: async () => ({ env: {}, remove: () => undefined }), report: () => report, close: async () => undefined };
}
