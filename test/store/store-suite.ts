import { randomBytes } from 'node:crypto';
import type { GatewayStore, IdentityInput, NewWorkflow } from '../../src/store/types';

/**
 * The store's behaviour, engine by engine: test/store/embedded-store.test.ts runs it on PGlite,
 * test/store/server-store.test.ts on a real PostgreSQL server. Tests that need an empty database get
 * their own; the others share one store and stay apart by using tenants of their own — which is itself
 * what the store promises.
 */
export interface EngineUnderTest {
  engine: GatewayStore['engine'];
  /** A store over a new, empty database. */
  open(): Promise<GatewayStore>;
  /** A new database that outlives its stores; each call of the opener is another process starting on it (with its log lines). */
  database(): Promise<() => Promise<OpenedStore>>;
  /** Whether several stores may have one database open at once (replicas of a server; PGlite belongs to one process). */
  sharedByReplicas: boolean;
}

export interface OpenedStore {
  store: GatewayStore;
  logs: string[];
}

let tenants = 0;
/** A tenant no other test uses. */
const newTenant = () => `tenant-${++tenants}-${randomBytes(3).toString('hex')}`;
const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));

const rc = (userId: string, email: string | null, displayName: string | null = null, roles: IdentityInput['roles'] = ['AGENT']): IdentityInput => ({
  platform: 'rocketchat',
  userId,
  email,
  displayName,
  roles,
});
const imi = (userId: string, email: string | null, displayName: string | null = null): IdentityInput => ({ platform: 'imi', userId, email, displayName, roles: [] });

const onboarding = (key: string, fingerprint = 'fp-1'): NewWorkflow => ({
  kind: 'ONBOARD',
  idempotencyKey: key,
  fingerprint,
  secretCheck: 'scrypt$salt$hash',
  steps: [
    { platform: 'rocketchat', action: 'CREATE_USER' },
    { platform: 'rocketchat', action: 'GRANT_AGENT_ROLE' },
    { platform: 'imi', action: 'CREATE_IMI_USER' },
  ],
});

const appliedMigrations = (logs: string[]) =>
  logs.map((line) => JSON.parse(line) as { msg?: string; migration?: string }).filter((line) => line.msg === 'store migration applied').map((line) => line.migration);

export function defineStoreSuite(engine: EngineUnderTest): void {
  let shared: GatewayStore | undefined;
  const store = () => {
    if (!shared) throw new Error('the store is not open yet');
    return shared;
  };
  beforeAll(async () => {
    shared = await engine.open();
  }, 60_000);
  afterAll(() => shared?.close());

  describe('the directory', () => {
    it('links identities with one e-mail address into one person, comparing addresses case-insensitively', async () => {
      const tenant = newTenant();
      const first = await store().directory.applyRefresh(tenant, 'rocketchat', [rc('rc-1', ' Lucia@Example.COM ', 'Lucía Pérez')], at(1));
      expect(first).toEqual({ upserted: 1, removed: 0, peopleCreated: 1 });
      const second = await store().directory.applyRefresh(tenant, 'imi', [imi('42', 'lucia@example.com', 'L. Pérez')], at(2));
      expect(second).toEqual({ upserted: 1, removed: 0, peopleCreated: 0 });

      const person = await store().directory.personByEmail(tenant, 'LUCIA@example.com');
      expect(person).toEqual({
        id: expect.any(String),
        email: 'lucia@example.com',
        // The first identity with a name, in platform order: Rocket.Chat's.
        displayName: 'Lucía Pérez',
        platforms: ['rocketchat', 'imi'],
        createdAt: at(1),
        updatedAt: at(1),
      });
      expect(await store().directory.personById(tenant, person!.id)).toEqual(person);
      const identities = await store().directory.identitiesOf(tenant, [person!.id]);
      expect(identities.get(person!.id)).toEqual([
        { platform: 'rocketchat', userId: 'rc-1', email: 'lucia@example.com', displayName: 'Lucía Pérez', roles: ['AGENT'], personId: person!.id, seenAt: at(1) },
        { platform: 'imi', userId: '42', email: 'lucia@example.com', displayName: 'L. Pérez', roles: [], personId: person!.id, seenAt: at(2) },
      ]);
    });

    it('keeps an identity without an e-mail address unlinked, with no person', async () => {
      const tenant = newTenant();
      expect(await store().directory.applyRefresh(tenant, 'imi', [imi('7', null, 'No Mail'), imi('8', '  ', 'Blank Mail')], at(1))).toEqual({
        upserted: 2,
        removed: 0,
        peopleCreated: 0,
      });
      expect(await store().directory.listPeople(tenant, { offset: 0, limit: 10 })).toEqual({ people: [], total: 0 });
      expect((await store().directory.syncStates(tenant)).find((state) => state.platform === 'imi')?.identities).toBe(2);
      expect(await store().directory.upsertIdentity(tenant, rc('rc-9', null))).toBeNull();
      expect(await store().directory.personByEmail(tenant, '')).toBeNull();
    });

    it('removes the identities a refresh did not see, of that platform only, and deletes people left without one', async () => {
      const tenant = newTenant();
      const { directory } = store();
      await directory.applyRefresh(tenant, 'rocketchat', [rc('rc-a', 'a@x.io'), rc('rc-b', 'b@x.io'), rc('rc-n', null)], at(1));
      await directory.applyRefresh(tenant, 'imi', [imi('1', 'a@x.io'), imi('3', 'c@x.io')], at(2));

      expect(await directory.applyRefresh(tenant, 'rocketchat', [rc('rc-a', 'a@x.io')], at(3))).toEqual({ upserted: 1, removed: 2, peopleCreated: 0 });
      const people = await directory.listPeople(tenant, { offset: 0, limit: 10 });
      expect(people.people.map((person) => [person.email, person.platforms])).toEqual([
        ['a@x.io', ['rocketchat', 'imi']],
        ['c@x.io', ['imi']],
      ]);
      expect(await directory.personByEmail(tenant, 'b@x.io')).toBeNull();

      // A complete pass that sees nobody empties the platform, and only that platform.
      expect(await directory.applyRefresh(tenant, 'imi', [], at(4))).toEqual({ upserted: 0, removed: 2, peopleCreated: 0 });
      expect((await directory.listPeople(tenant, { offset: 0, limit: 10 })).people.map((person) => [person.email, person.platforms])).toEqual([
        ['a@x.io', ['rocketchat']],
      ]);
    });

    it('keeps an identity written while a refresh was under way, which only the next refresh may remove', async () => {
      const tenant = newTenant();
      const { directory } = store();
      await directory.applyRefresh(tenant, 'rocketchat', [rc('rc-old', 'old@x.io')], at(1));
      await directory.refreshStarted(tenant, 'rocketchat', at(2));
      // Onboarding creates a user after the refresh read its page.
      await directory.upsertIdentity(tenant, rc('rc-new', 'new@x.io'));
      expect(await directory.applyRefresh(tenant, 'rocketchat', [], at(3))).toMatchObject({ removed: 1 });
      expect((await directory.listPeople(tenant, { offset: 0, limit: 10 })).people.map((person) => person.email)).toEqual(['new@x.io']);

      await directory.refreshStarted(tenant, 'rocketchat', at(4));
      expect(await directory.applyRefresh(tenant, 'rocketchat', [], at(5))).toMatchObject({ removed: 1 });
      expect(await directory.listPeople(tenant, { offset: 0, limit: 10 })).toEqual({ people: [], total: 0 });
    });

    it('moves an identity to the person of its new address, and the old person goes when left empty', async () => {
      const tenant = newTenant();
      const { directory } = store();
      await directory.applyRefresh(tenant, 'rocketchat', [rc('rc-1', 'old@x.io', 'Old Name')], at(1));
      const old = await directory.personByEmail(tenant, 'old@x.io');
      expect(await directory.applyRefresh(tenant, 'rocketchat', [rc('rc-1', 'new@x.io', 'New Name')], at(2))).toEqual({
        upserted: 1,
        removed: 0,
        peopleCreated: 1,
      });
      expect(await directory.personById(tenant, old!.id)).toBeNull();
      expect(await directory.personByEmail(tenant, 'new@x.io')).toMatchObject({ displayName: 'New Name', platforms: ['rocketchat'] });
    });

    it('follows a changed display name and records when the person changed', async () => {
      const tenant = newTenant();
      const { directory } = store();
      await directory.applyRefresh(tenant, 'imi', [imi('1', 'p@x.io', 'Imi Name')], at(1));
      await directory.applyRefresh(tenant, 'rocketchat', [rc('rc-1', 'p@x.io', null)], at(2));
      expect(await directory.personByEmail(tenant, 'p@x.io')).toMatchObject({ displayName: 'Imi Name', updatedAt: at(1) });
      await directory.applyRefresh(tenant, 'rocketchat', [rc('rc-1', 'p@x.io', 'Chat Name')], at(3));
      expect(await directory.personByEmail(tenant, 'p@x.io')).toMatchObject({ displayName: 'Chat Name', createdAt: at(1), updatedAt: at(3) });
    });

    it('upserts and removes one identity at once (onboarding, offboarding), linked the same way', async () => {
      const tenant = newTenant();
      const { directory } = store();
      const created = await directory.upsertIdentity(tenant, rc('rc-1', 'New.Hire@X.io', 'New Hire', ['AGENT', 'MANAGER']));
      expect(created).toMatchObject({ email: 'new.hire@x.io', displayName: 'New Hire', platforms: ['rocketchat'] });
      const linked = await directory.upsertIdentity(tenant, imi('77', 'new.hire@x.io'));
      expect(linked).toMatchObject({ id: created!.id, platforms: ['rocketchat', 'imi'] });
      expect((await directory.identitiesOf(tenant, [created!.id])).get(created!.id)?.map((identity) => identity.roles)).toEqual([['AGENT', 'MANAGER'], []]);

      await directory.removeIdentity(tenant, 'rocketchat', 'rc-1');
      expect(await directory.personById(tenant, created!.id)).toMatchObject({ platforms: ['imi'] });
      await directory.removeIdentity(tenant, 'imi', '77');
      expect(await directory.personById(tenant, created!.id)).toBeNull();
      // Removing what is not there is not an error (offboarding twice).
      await expect(directory.removeIdentity(tenant, 'imi', '77')).resolves.toBeUndefined();
    });

    it('applies a refresh in one transaction: a refresh that fails changes nothing', async () => {
      const tenant = newTenant();
      const { directory } = store();
      await directory.applyRefresh(tenant, 'rocketchat', [rc('rc-1', 'kept@x.io')], at(1));
      // A key too large for PostgreSQL's index (random, so it cannot be compressed) fails the statement.
      const tooLong = randomBytes(6000).toString('base64');
      await expect(directory.applyRefresh(tenant, 'rocketchat', [rc('rc-2', 'new@x.io'), rc(tooLong, 'other@x.io')], at(2))).rejects.toThrow();
      const after = await directory.listPeople(tenant, { offset: 0, limit: 10 });
      expect(after.people.map((person) => person.email)).toEqual(['kept@x.io']);
      expect((await directory.syncStates(tenant))[0]).toMatchObject({ lastFinishedAt: at(1), identities: 1 });
    });
  });

  describe('listing people', () => {
    const tenant = newTenant();
    beforeAll(async () => {
      await store().directory.applyRefresh(
        tenant,
        'rocketchat',
        [
          rc('1', 'ana_maria@x.io', 'Ana María'),
          rc('2', 'anaxmaria@x.io', 'ANA XIMENA'),
          rc('3', 'bob@x.io', '100% Bob'),
          rc('4', 'zed@x.io', 'Zed \\ Backslash'),
          rc('5', 'carla@x.io', 'Carla'),
        ],
        at(1),
      );
      await store().directory.applyRefresh(tenant, 'imi', [imi('1', 'carla@x.io'), imi('2', 'dora@x.io', 'Dora')], at(2));
    });
    const emails = async (query: Parameters<GatewayStore['directory']['listPeople']>[1]) => {
      const page = await store().directory.listPeople(tenant, query);
      return { emails: page.people.map((person) => person.email), total: page.total };
    };

    it('orders people by e-mail address and pages them, with the total of all pages', async () => {
      expect(await emails({ offset: 0, limit: 10 })).toEqual({
        emails: ['ana_maria@x.io', 'anaxmaria@x.io', 'bob@x.io', 'carla@x.io', 'dora@x.io', 'zed@x.io'],
        total: 6,
      });
      expect(await emails({ offset: 2, limit: 2 })).toEqual({ emails: ['bob@x.io', 'carla@x.io'], total: 6 });
      expect(await emails({ offset: 6, limit: 2 })).toEqual({ emails: [], total: 6 });
    });

    it('searches e-mail addresses and display names case-insensitively', async () => {
      expect(await emails({ search: 'MARÍA', offset: 0, limit: 10 })).toEqual({ emails: ['ana_maria@x.io'], total: 1 });
      expect(await emails({ search: 'ana x', offset: 0, limit: 10 })).toEqual({ emails: ['anaxmaria@x.io'], total: 1 });
      expect(await emails({ search: 'DORA@X', offset: 0, limit: 10 })).toEqual({ emails: ['dora@x.io'], total: 1 });
      expect(await emails({ search: '  ', offset: 0, limit: 10 })).toMatchObject({ total: 6 });
    });

    it('takes LIKE wildcards in a search literally', async () => {
      expect(await emails({ search: 'ana_', offset: 0, limit: 10 })).toEqual({ emails: ['ana_maria@x.io'], total: 1 });
      expect(await emails({ search: '100%', offset: 0, limit: 10 })).toEqual({ emails: ['bob@x.io'], total: 1 });
      expect(await emails({ search: '%', offset: 0, limit: 10 })).toEqual({ emails: ['bob@x.io'], total: 1 });
      expect(await emails({ search: '\\', offset: 0, limit: 10 })).toEqual({ emails: ['zed@x.io'], total: 1 });
    });

    it('filters people by platform', async () => {
      expect(await emails({ platform: 'imi', offset: 0, limit: 10 })).toEqual({ emails: ['carla@x.io', 'dora@x.io'], total: 2 });
      expect(await emails({ platform: 'rocketchat', search: 'carla', offset: 0, limit: 10 })).toEqual({ emails: ['carla@x.io'], total: 1 });
    });

    it('answers "no such person" for ids that are not ids', async () => {
      expect(await store().directory.personById(tenant, 'not-a-uuid')).toBeNull();
      expect(await store().directory.identitiesOf(tenant, ['not-a-uuid'])).toEqual(new Map());
    });
  });

  describe('directory refresh progress', () => {
    it('records starts, finishes and failures per platform, with each platform’s identity count', async () => {
      const tenant = newTenant();
      const { directory } = store();
      const idle = { lastStartedAt: null, lastFinishedAt: null, running: false, lastError: null, identities: 0 };
      expect(await directory.syncStates(tenant)).toEqual([
        { platform: 'rocketchat', ...idle },
        { platform: 'imi', ...idle },
      ]);
      await directory.refreshStarted(tenant, 'rocketchat', at(1));
      expect((await directory.syncStates(tenant))[0]).toMatchObject({ lastStartedAt: at(1), running: true });
      await directory.applyRefresh(tenant, 'rocketchat', [rc('1', 'a@x.io'), rc('2', 'b@x.io')], at(2));
      await directory.refreshStarted(tenant, 'imi', at(3));
      await directory.refreshFailed(tenant, 'imi', at(4), 'UPSTREAM_RATE_LIMITED');
      expect(await directory.syncStates(tenant)).toEqual([
        { platform: 'rocketchat', lastStartedAt: at(1), lastFinishedAt: at(2), running: false, lastError: null, identities: 2 },
        { platform: 'imi', lastStartedAt: at(3), lastFinishedAt: null, running: false, lastError: 'UPSTREAM_RATE_LIMITED', identities: 0 },
      ]);
      // The error stays until a run succeeds.
      await directory.refreshStarted(tenant, 'imi', at(5));
      expect((await directory.syncStates(tenant))[1]).toMatchObject({ running: true, lastError: 'UPSTREAM_RATE_LIMITED' });
      await directory.applyRefresh(tenant, 'imi', [imi('1', 'a@x.io')], at(6));
      expect((await directory.syncStates(tenant))[1]).toMatchObject({ running: false, lastError: null, lastFinishedAt: at(6), identities: 1 });
    });

    it('stops counting a run as running once its lease would have expired (its replica crashed)', async () => {
      const tenant = newTenant();
      const { directory } = store();
      await directory.refreshStarted(tenant, 'rocketchat', new Date(), new Date(Date.now() + 60_000));
      expect((await directory.syncStates(tenant))[0]?.running).toBe(true);
      await directory.refreshStarted(tenant, 'imi', new Date(Date.now() - 120_000), new Date(Date.now() - 60_000));
      expect((await directory.syncStates(tenant))[1]?.running).toBe(false);
    });
  });

  describe('workflows', () => {
    it('starts a workflow once when concurrent calls begin it with one key', async () => {
      const tenant = newTenant();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store().workflows.begin(tenant, onboarding('key-1'), `replica-${i}`, at(1))));
      const started = results.filter((result) => result.kind === 'started');
      expect(started).toHaveLength(1);
      const id = started[0]!.workflow.id;
      for (const result of results) {
        expect(result.workflow.id).toBe(id);
        if (result.kind === 'existing') expect(result).toMatchObject({ fingerprint: 'fp-1', secretCheck: 'scrypt$salt$hash' });
      }
    });

    it('creates the workflow with its planned steps, NOT_RUN, and returns the recorded one for a key used before', async () => {
      const tenant = newTenant();
      const first = await store().workflows.begin(tenant, onboarding('key-1'), 'replica-a', at(1));
      expect(first).toEqual({
        kind: 'started',
        workflow: {
          id: expect.any(String),
          tenant,
          kind: 'ONBOARD',
          status: 'RUNNING',
          idempotencyKey: 'key-1',
          personId: null,
          result: null,
          startedAt: at(1),
          finishedAt: null,
          steps: [
            { seq: 0, platform: 'rocketchat', action: 'CREATE_USER', status: 'NOT_RUN', code: null, message: null, data: {}, startedAt: null, finishedAt: null },
            { seq: 1, platform: 'rocketchat', action: 'GRANT_AGENT_ROLE', status: 'NOT_RUN', code: null, message: null, data: {}, startedAt: null, finishedAt: null },
            { seq: 2, platform: 'imi', action: 'CREATE_IMI_USER', status: 'NOT_RUN', code: null, message: null, data: {}, startedAt: null, finishedAt: null },
          ],
        },
      });
      await store().workflows.finish(first.workflow.id, 'SUCCEEDED', { person: { id: 'p' } }, at(2));
      const again = await store().workflows.begin(tenant, onboarding('key-1', 'another-fingerprint'), 'replica-b', at(3));
      expect(again).toMatchObject({ kind: 'existing', fingerprint: 'fp-1', workflow: { id: first.workflow.id, status: 'SUCCEEDED', result: { person: { id: 'p' } } } });
    });

    it('records each step before and after it runs, and the workflow’s person and result', async () => {
      const tenant = newTenant();
      const { workflows } = store();
      const { workflow } = await workflows.begin(tenant, onboarding('key-1'), 'replica-a', at(1));
      await workflows.stepStarted(workflow.id, 0, at(2));
      expect((await workflows.get(tenant, workflow.id))?.steps[0]).toMatchObject({ status: 'RUNNING', startedAt: at(2), finishedAt: null });
      await workflows.stepFinished(workflow.id, 0, { status: 'DONE', code: null, message: null, data: { userId: 'u-1', created: true } }, at(3));
      await workflows.stepStarted(workflow.id, 1, at(4));
      await workflows.stepFinished(workflow.id, 1, { status: 'FAILED', code: 'UPSTREAM_FORBIDDEN', message: 'Refused.' }, at(5));
      // Compensation: the step's data stays for whoever reads the record.
      await workflows.stepFinished(workflow.id, 0, { status: 'COMPENSATED', message: 'Undone after a later step failed.' }, at(6));
      await workflows.setPerson(workflow.id, '00000000-0000-4000-8000-000000000001');
      await workflows.finish(workflow.id, 'COMPENSATED', { userErrors: [{ code: 'UPSTREAM_FORBIDDEN' }] }, at(7));

      expect(await workflows.get(tenant, workflow.id)).toMatchObject({
        status: 'COMPENSATED',
        personId: '00000000-0000-4000-8000-000000000001',
        result: { userErrors: [{ code: 'UPSTREAM_FORBIDDEN' }] },
        finishedAt: at(7),
        steps: [
          { seq: 0, status: 'COMPENSATED', code: null, message: 'Undone after a later step failed.', data: { userId: 'u-1', created: true }, startedAt: at(2), finishedAt: at(6) },
          { seq: 1, status: 'FAILED', code: 'UPSTREAM_FORBIDDEN', message: 'Refused.', data: {}, startedAt: at(4), finishedAt: at(5) },
          { seq: 2, status: 'NOT_RUN', startedAt: null, finishedAt: null },
        ],
      });
    });

    it('refuses to record a step or an outcome for a workflow or step that does not exist', async () => {
      const tenant = newTenant();
      const { workflow } = await store().workflows.begin(tenant, onboarding('key-1'), 'replica-a', at(1));
      await expect(store().workflows.stepStarted(workflow.id, 9, at(2))).rejects.toThrow(/no step 9/);
      await expect(store().workflows.stepStarted('00000000-0000-4000-8000-000000000000', 0, at(2))).rejects.toThrow();
      await expect(store().workflows.finish('not-an-id', 'SUCCEEDED', {}, at(2))).rejects.toThrow();
      expect(await store().workflows.get(tenant, 'not-an-id')).toBeNull();
    });

    it('marks the running workflows of replicas that stopped beating as interrupted, their running steps unknown', async () => {
      const fresh = await engine.open();
      try {
        const tenant = newTenant();
        const { workflows } = fresh;
        await workflows.heartbeat('alive', at(50));
        await workflows.heartbeat('dead', at(10));
        const crashed = (await workflows.begin(tenant, onboarding('crashed'), 'dead', at(10))).workflow;
        await workflows.stepStarted(crashed.id, 0, at(11));
        await workflows.stepFinished(crashed.id, 0, { status: 'DONE', data: { userId: 'u-1' } }, at(12));
        await workflows.stepStarted(crashed.id, 1, at(13));
        const silent = (await workflows.begin(tenant, onboarding('never-beat'), 'never-beat', at(10))).workflow;
        const finished = (await workflows.begin(tenant, onboarding('finished'), 'dead', at(10))).workflow;
        await workflows.finish(finished.id, 'SUCCEEDED', {}, at(14));
        const running = (await workflows.begin(tenant, onboarding('running'), 'alive', at(10))).workflow;
        // Begun after the cut-off: its replica was alive then, even before its first heartbeat.
        const young = (await workflows.begin(tenant, onboarding('young'), 'just-started', at(45))).workflow;

        expect(await workflows.markInterrupted(at(40), at(60))).toBe(2);
        expect(await workflows.get(tenant, crashed.id)).toMatchObject({
          status: 'INTERRUPTED',
          finishedAt: at(60),
          steps: [
            { status: 'DONE', data: { userId: 'u-1' } },
            { status: 'UNKNOWN', code: 'INTERRUPTED', message: expect.stringContaining('check the platform'), startedAt: at(13) },
            { status: 'NOT_RUN' },
          ],
        });
        expect(await workflows.get(tenant, silent.id)).toMatchObject({ status: 'INTERRUPTED' });
        expect(await workflows.get(tenant, finished.id)).toMatchObject({ status: 'SUCCEEDED', finishedAt: at(14) });
        expect(await workflows.get(tenant, running.id)).toMatchObject({ status: 'RUNNING', finishedAt: null });
        expect(await workflows.get(tenant, young.id)).toMatchObject({ status: 'RUNNING' });
        expect(await workflows.markInterrupted(at(40), at(61))).toBe(0);
      } finally {
        await fresh.close();
      }
    });
  });

  describe('leases', () => {
    it('lets one holder at a time take a lease, renews it for its holder, and frees it on expiry or release', async () => {
      const tenant = newTenant();
      const { leases } = store();
      expect(await leases.tryAcquire(tenant, 'directory', 'a', 10_000, at(0))).toBe(true);
      expect(await leases.tryAcquire(tenant, 'directory', 'b', 10_000, at(5))).toBe(false);
      // Renewed by its holder: now held until 18 s.
      expect(await leases.tryAcquire(tenant, 'directory', 'a', 10_000, at(8))).toBe(true);
      expect(await leases.tryAcquire(tenant, 'directory', 'b', 10_000, at(12))).toBe(false);
      expect(await leases.tryAcquire(tenant, 'directory', 'b', 10_000, at(18))).toBe(true);
      // A former holder's release does not free the new holder's lease.
      await leases.release(tenant, 'directory', 'a');
      expect(await leases.tryAcquire(tenant, 'directory', 'a', 10_000, at(19))).toBe(false);
      await leases.release(tenant, 'directory', 'b');
      expect(await leases.tryAcquire(tenant, 'directory', 'a', 10_000, at(19))).toBe(true);
      // Another name is another lease.
      expect(await leases.tryAcquire(tenant, 'other', 'b', 10_000, at(19))).toBe(true);
    });

    it('gives a contested lease to exactly one of many concurrent callers', async () => {
      const tenant = newTenant();
      const taken = await Promise.all(Array.from({ length: 10 }, (_, i) => store().leases.tryAcquire(tenant, 'directory', `holder-${i}`, 10_000, at(0))));
      expect(taken.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('tenants', () => {
    it('never reads or changes another tenant’s rows, whatever the method', async () => {
      const [a, b] = [newTenant(), newTenant()];
      const { directory, workflows, leases } = store();
      // The same ids and addresses in both tenants.
      for (const tenant of [a, b]) {
        await directory.applyRefresh(tenant, 'rocketchat', [rc('rc-1', 'same@x.io', `Name in ${tenant}`), rc('rc-2', 'two@x.io')], at(1));
        await directory.refreshStarted(tenant, 'imi', at(2));
      }
      const personA = (await directory.personByEmail(a, 'same@x.io'))!;
      const personB = (await directory.personByEmail(b, 'same@x.io'))!;
      expect(personA.id).not.toBe(personB.id);
      expect(personB.displayName).toBe(`Name in ${b}`);

      expect(await directory.personById(b, personA.id)).toBeNull();
      expect(await directory.identitiesOf(b, [personA.id])).toEqual(new Map());
      await directory.applyRefresh(a, 'rocketchat', [], at(3));
      await directory.refreshFailed(a, 'imi', at(4), 'BOOM');
      await directory.removeIdentity(a, 'rocketchat', 'rc-2');
      expect(await directory.listPeople(a, { offset: 0, limit: 10 })).toEqual({ people: [], total: 0 });
      expect(await directory.listPeople(b, { offset: 0, limit: 10 })).toMatchObject({ total: 2 });
      expect(await directory.upsertIdentity(a, rc('rc-1', 'same@x.io'))).not.toMatchObject({ id: personB.id });
      expect(await directory.syncStates(b)).toEqual([
        { platform: 'rocketchat', lastStartedAt: null, lastFinishedAt: at(1), running: false, lastError: null, identities: 2 },
        { platform: 'imi', lastStartedAt: at(2), lastFinishedAt: null, running: true, lastError: null, identities: 0 },
      ]);

      const inA = await workflows.begin(a, onboarding('shared-key'), 'replica', at(1));
      const inB = await workflows.begin(b, onboarding('shared-key'), 'replica', at(1));
      expect([inA.kind, inB.kind]).toEqual(['started', 'started']);
      expect(await workflows.get(b, inA.workflow.id)).toBeNull();
      expect(await workflows.get(a, inA.workflow.id)).toMatchObject({ tenant: a });

      expect(await leases.tryAcquire(a, 'directory', 'replica-1', 10_000, at(0))).toBe(true);
      expect(await leases.tryAcquire(b, 'directory', 'replica-2', 10_000, at(0))).toBe(true);
      await leases.release(b, 'directory', 'replica-1');
      expect(await leases.tryAcquire(a, 'directory', 'replica-3', 10_000, at(1))).toBe(false);
    });
  });

  describe('opening and closing', () => {
    it('keeps what it wrote across a restart, without migrating again', async () => {
      const open = await engine.database();
      const first = await open();
      expect(appliedMigrations(first.logs)).toEqual(['0001-directory', '0002-workflows', '0003-leases']);
      const tenant = newTenant();
      await first.store.directory.upsertIdentity(tenant, rc('rc-1', 'durable@x.io', 'Durable'));
      const { workflow } = await first.store.workflows.begin(tenant, onboarding('durable'), 'replica', at(1));
      await first.store.close();

      const second = await open();
      try {
        expect(appliedMigrations(second.logs)).toEqual([]);
        expect(await second.store.directory.personByEmail(tenant, 'durable@x.io')).toMatchObject({ displayName: 'Durable' });
        expect(await second.store.workflows.get(tenant, workflow.id)).toMatchObject({ status: 'RUNNING' });
      } finally {
        await second.store.close();
      }
    }, 60_000);

    it('answers a ping while open, refuses work once closed, and closes once however often asked', async () => {
      const opened = await engine.open();
      expect(opened.engine).toBe(engine.engine);
      await expect(opened.ping()).resolves.toBeUndefined();
      await Promise.all([opened.close(), opened.close()]);
      await opened.close();
      await expect(opened.ping()).rejects.toThrow();
    }, 60_000);
  });

  // PGlite is PostgreSQL inside one process: only a server is shared by replicas, so only its suite has these.
  if (!engine.sharedByReplicas) return;
  describe('replicas sharing one database', () => {
    const replicas: OpenedStore[] = [];
    afterAll(() => Promise.all(replicas.map((replica) => replica.store.close())));

    it('migrates a new database once when two replicas open it together', async () => {
      const open = await engine.database();
      replicas.push(...(await Promise.all([open(), open()])));
      expect(replicas.flatMap((replica) => appliedMigrations(replica.logs)).sort()).toEqual(['0001-directory', '0002-workflows', '0003-leases']);
    }, 60_000);

    it('keeps a lease exclusive across replicas, and starts a workflow once for one key', async () => {
      const [a, b] = replicas.map((replica) => replica.store);
      if (!a || !b) throw new Error('the replicas did not open');
      const tenant = newTenant();
      const taken = await Promise.all([0, 1, 2, 3].map((i) => (i % 2 === 0 ? a : b).leases.tryAcquire(tenant, 'directory', `holder-${i}`, 10_000, at(0))));
      expect(taken.filter(Boolean)).toHaveLength(1);
      const begun = await Promise.all([0, 1, 2, 3].map((i) => (i % 2 === 0 ? a : b).workflows.begin(tenant, onboarding('one-key'), `replica-${i}`, at(1))));
      expect(begun.filter((result) => result.kind === 'started')).toHaveLength(1);
      // What one replica wrote, the other reads.
      await a.directory.upsertIdentity(tenant, rc('rc-1', 'shared@x.io'));
      expect(await b.directory.personByEmail(tenant, 'shared@x.io')).not.toBeNull();
    });
  });
}
