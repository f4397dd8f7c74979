import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open';
import { capturingLogger } from '../support/logger';
import { defineStoreSuite, type EngineUnderTest } from './store-suite';

/** The store on its embedded engine: PGlite in this process, in memory, or on disk for restarts. */
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gateway-store-'));
  dirs.push(dir);
  return dir;
};

const embedded: EngineUnderTest = {
  engine: 'embedded',
  sharedByReplicas: false,
  open: () => openStore({ storeDir: 'memory://', maxConnections: 1, logger: capturingLogger().logger }),
  database: () => {
    const storeDir = join(newDir(), 'store');
    return Promise.resolve(async () => {
      const { logger, lines } = capturingLogger();
      return { store: await openStore({ storeDir, maxConnections: 1, logger }), logs: lines };
    });
  },
};

describe('the store on embedded PostgreSQL (PGlite)', () => {
  defineStoreSuite(embedded);

  it('keeps a second process off a store directory in use, and lets it in once the first closed', async () => {
    const storeDir = join(newDir(), 'store');
    const { logger } = capturingLogger();
    const first = await openStore({ storeDir, maxConnections: 1, logger });
    await expect(openStore({ storeDir, maxConnections: 1, logger })).rejects.toThrow(/in use by process \d+ .*GATEWAY_STORE_DIR/);
    await first.close();
    const second = await openStore({ storeDir, maxConnections: 1, logger });
    await second.close();
  }, 60_000);
});
