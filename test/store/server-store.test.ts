import { openStore } from '../../src/store/open';
import { capturingLogger } from '../support/logger';
import { findPostgres, startTestPostgres, type TestPostgres } from '../support/postgres';
import { defineStoreSuite, type EngineUnderTest } from './store-suite';

/**
 * The store on a real PostgreSQL server, started by this file from Debian's `postgresql` package
 * (`.ci/run` installs it). Without the binaries this whole file reports itself skipped, by name.
 */
const lookup = findPostgres();
const binaries = 'found' in lookup ? lookup.found : undefined;
const describeWithPostgres = binaries ? describe : describe.skip;
const title = binaries ? 'the store on a PostgreSQL server' : `the store on a PostgreSQL server (skipped: ${'missing' in lookup ? lookup.missing : ''})`;
// Jest lists skipped tests by name only in files where some test ran; this says why in every case.
if (!binaries) console.warn(`${title}: install postgresql (Debian package) to run it`);

let postgres: TestPostgres | undefined;
let databases = 0;
const newDatabase = () => {
  if (!postgres) throw new Error('postgres is not started');
  databases += 1;
  return postgres.createDatabase(`store_test_${databases}`);
};

const server: EngineUnderTest = {
  engine: 'server',
  sharedByReplicas: true,
  open: async () => openStore({ databaseUrl: await newDatabase(), storeDir: 'unused', maxConnections: 5, logger: capturingLogger().logger }),
  database: async () => {
    const databaseUrl = await newDatabase();
    return async () => {
      const { logger, lines } = capturingLogger();
      return { store: await openStore({ databaseUrl, storeDir: 'unused', maxConnections: 5, logger }), logs: lines };
    };
  },
};

describeWithPostgres(title, () => {
  beforeAll(async () => {
    postgres = await startTestPostgres(binaries!);
  }, 60_000);
  afterAll(() => postgres?.close());

  defineStoreSuite(server);
});
