import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createLogger, type Logger } from '../../src/logger';
import { openStoreOverPGlite } from '../../src/store/open';
import type { GatewayStore } from '../../src/store/types';

/**
 * An embedded store in memory for a test gateway, fast: a new PGlite runs initdb (3–4 s of CPU), so each
 * one starts instead from a dump of a migrated, empty database (about 1 s). The dump is made once per
 * machine and kept in the temporary folder, named after PGlite's version and the migrations' text, so
 * a changed migration makes a new one. What the gateway gets is the same as `openStore` with
 * `storeDir: 'memory://'` (test/store/ checks that path itself).
 */
export async function openTestStore(logger: Logger): Promise<GatewayStore> {
  const pglite = await PGlite.create('memory://', { loadDataDir: new Blob([await emptyDatabase()]) });
  return openStoreOverPGlite(pglite, logger);
}

let shared: Promise<GatewayStore> | undefined;

/**
 * One embedded store for every test gateway of a test file (each file has its own module registry, so its
 * own store): a PGlite costs about a second of CPU and a few hundred MB to start, and files start dozens of
 * gateways. Tests that write to it use names of their own (usernames, idempotency keys), so gateways of
 * one file do not see each other's records. Closed after the file's last test (test/support/after-file.ts).
 */
export function sharedTestStore(): Promise<GatewayStore> {
  shared ??= openTestStore(createLogger('silent')).catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

/** Closes the test file's shared store, if one was opened. */
export async function closeSharedTestStore(): Promise<void> {
  const opened = shared;
  shared = undefined;
  await (await opened?.catch(() => undefined))?.close();
}

let dump: Promise<Buffer> | undefined;

function emptyDatabase(): Promise<Buffer> {
  dump ??= readOrMakeDump().catch((error: unknown) => {
    dump = undefined;
    throw error;
  });
  return dump;
}

async function readOrMakeDump(): Promise<Buffer> {
  const file = join(tmpdir(), `chat-gateway-empty-store-${templateKey()}.tar.gz`);
  try {
    return readFileSync(file);
  } catch {
    // not made yet on this machine
  }
  const pglite = await PGlite.create('memory://');
  const store = await openStoreOverPGlite(pglite, createLogger('silent'));
  try {
    const made = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
    // Written aside and renamed: another worker reads either nothing or the whole file.
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, made);
    renameSync(partial, file);
    return made;
  } finally {
    await store.close();
  }
}

function templateKey(): string {
  const hash = createHash('sha256');
  const pgliteDir = dirname(dirname(require.resolve('@electric-sql/pglite')));
  hash.update(readFileSync(join(pgliteDir, 'package.json')));
  const migrations = join(__dirname, '..', '..', 'src', 'store', 'migrations');
  for (const name of readdirSync(migrations).sort()) hash.update(name).update(readFileSync(join(migrations, name)));
  return hash.digest('hex').slice(0, 16);
}
