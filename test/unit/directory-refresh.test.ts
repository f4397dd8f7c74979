import { DIRECTORY_LEASE, DirectoryRefresher, type DirectoryClients, type RefresherSettings } from '../../src/directory';
import type { RocketChatDirectorySource } from '../../src/directory/collect-rocketchat';
import { GatewayMetrics } from '../../src/metrics';
import { PLATFORM_IDS } from '../../src/platforms/index';
import { SEED_EMAILS_SHARED_WITH_ROCKETCHAT, seedImi } from '../../src/simulators/imi/seed';
import { seedRocketChat } from '../../src/simulators/rocketchat/seed';
import type { GatewayStore } from '../../src/store';
import type { Logger } from '../../src/logger';
import {
  NO_RETRIES,
  fakeClock,
  gate,
  manualTimers,
  openDirectoryTestStore,
  recordingDirectory,
  startDirectoryUpstreams,
  type DirectoryUpstreams,
  type FakeClock,
} from '../support/directory';
import { capturingLogger } from '../support/logger';

/**
 * The refresher against both simulators and the real embedded store: what it applies, what it refuses to
 * apply (an early quota stop, a platform's outage, a lease it lost), the lease that keeps a second
 * refresher of the tenant out, and what it logs and counts. Each test uses its own tenant.
 */

let store: GatewayStore;
let upstreams: DirectoryUpstreams | undefined;
let serial = 0;
let tenant: string;

beforeAll(async () => {
  store = await openDirectoryTestStore();
});
afterAll(async () => {
  await store.close();
});
beforeEach(() => {
  serial += 1;
  tenant = `tenant-${serial}`;
});
afterEach(async () => {
  await upstreams?.close();
  upstreams = undefined;
});

interface Built {
  refresher: DirectoryRefresher;
  writes: ReturnType<typeof recordingDirectory>['writes'];
}

function build(options: { settings?: Partial<RefresherSettings>; logger?: Logger; clock?: FakeClock; metrics?: GatewayMetrics } = {}): Built {
  const recorded = recordingDirectory(store.directory);
  const refresher = new DirectoryRefresher(
    {
      store: { directory: recorded.directory, leases: store.leases },
      logger: options.logger ?? capturingLogger().logger,
      observer: options.metrics?.directoryObserver(),
      clock: options.clock ?? fakeClock(),
      // Lease renewals happen only when a test fires them.
      timers: manualTimers(),
    },
    { imiQuotaReserve: 0, paceMs: { rocketchat: 0, imi: 0 }, callTimeoutMs: 5_000, leaseTtlMs: 60_000, maxPages: 100, holder: 'replica-a', ...options.settings },
  );
  return { refresher, writes: recorded.writes };
}

const clientsOf = (up: DirectoryUpstreams): DirectoryClients => ({ rocketchat: up.clients.rocketchat, imi: up.clients.imi });
const imiSearches = () => upstreams?.imi.log.list({ method: 'POST', pathPrefix: '/v3.1/users/search' }).length ?? 0;

/** Rocket.Chat held at its first page until the test opens the gate; `reached` opens once a call waits there. */
function heldRocketChat(up: DirectoryUpstreams) {
  const held = gate();
  const reached = gate();
  const source: RocketChatDirectorySource = {
    listUsers: async (...args) => {
      reached.open();
      await held.wait;
      return up.clients.rocketchat.listUsers(...args);
    },
  };
  return { source, held, reached };
}

describe('DirectoryRefresher', () => {
  it('applies a pass of each platform and links identities into people by e-mail, in any case', async () => {
    upstreams = await startDirectoryUpstreams();
    const { logger, lines } = capturingLogger();
    const { refresher, writes } = build({ logger });
    const reports = await refresher.refresh(tenant, clientsOf(upstreams));

    const holders = upstreams.rocketchat.state.allUsers().filter((user) => user.roles.some((role) => role === 'livechat-agent' || role === 'livechat-manager'));
    expect(reports).toEqual([
      expect.objectContaining({ platform: 'rocketchat', outcome: 'applied', calls: 2, seen: holders.length }),
      expect.objectContaining({ platform: 'imi', outcome: 'applied', calls: 3, seen: 27, quotaRemaining: expect.any(Number) }),
    ]);
    // Counted on the platforms: one page of agents, one of managers; three search pages and one authorize.
    expect(upstreams.rocketchat.log.list()).toHaveLength(2);
    expect(upstreams.imi.log.list()).toHaveLength(4);
    expect(writes.map((write) => `${write.method} ${write.platform}`).sort()).toEqual(
      ['applyRefresh imi', 'applyRefresh rocketchat', 'refreshStarted imi', 'refreshStarted rocketchat'].sort(),
    );

    const states = await store.directory.syncStates(tenant);
    expect(states).toEqual([
      expect.objectContaining({ platform: 'rocketchat', running: false, lastError: null, identities: holders.length, lastFinishedAt: expect.any(Date) }),
      expect.objectContaining({ platform: 'imi', running: false, lastError: null, identities: 27, lastFinishedAt: expect.any(Date) }),
    ]);

    for (const email of SEED_EMAILS_SHARED_WITH_ROCKETCHAT) {
      expect({ email, platforms: (await store.directory.personByEmail(tenant, email))?.platforms }).toEqual({ email, platforms: ['rocketchat', 'imi'] });
    }
    // IMI holds Samuel.Ortega@Example.com; Rocket.Chat samuel.ortega@example.com: one person.
    const samuel = await store.directory.personByEmail(tenant, 'Samuel.Ortega@Example.com');
    const marta = await store.directory.personByEmail(tenant, 'marta.quiroga@example.com');
    const identities = await store.directory.identitiesOf(tenant, [samuel?.id as string, marta?.id as string]);
    expect(identities.get(marta?.id as string)?.map(({ platform, roles }) => ({ platform, roles }))).toEqual(
      expect.arrayContaining([
        { platform: 'rocketchat', roles: ['AGENT', 'MANAGER'] },
        { platform: 'imi', roles: [] },
      ]),
    );
    expect(identities.get(samuel?.id as string)?.map((identity) => identity.platform).sort()).toEqual(['imi', 'rocketchat']);

    // One line per platform, with its counts and duration; no credential anywhere.
    const applied = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'directory refresh applied');
    expect(applied).toEqual([
      expect.objectContaining({ tenant, provider: expect.any(String), outcome: 'applied', calls: expect.any(Number), ms: expect.any(Number), seen: expect.any(Number), upserted: expect.any(Number), removed: 0, peopleCreated: expect.any(Number) }),
      expect.objectContaining({ tenant, outcome: 'applied' }),
    ]);
    const text = lines.join('\n');
    for (const secret of [upstreams.imi.apiKey, upstreams.rocketchat.serviceAccount.authToken]) expect(text).not.toContain(secret);

    // The lease is given back: another replica may take it at once.
    expect(await store.leases.tryAcquire(tenant, DIRECTORY_LEASE, 'replica-b', 1_000, new Date())).toBe(true);
  });

  it('the seeds share exactly the e-mail addresses they say they share', () => {
    const rocketChat = new Set(seedRocketChat().users.flatMap((user) => (user.emails ?? []).map((email) => email.address.toLowerCase())));
    const shared = seedImi()
      .users.map((user) => user.email_id.toLowerCase())
      .filter((email) => rocketChat.has(email));
    expect(shared).toEqual(SEED_EMAILS_SHARED_WITH_ROCKETCHAT);
    // At least one in another case on IMI than on Rocket.Chat.
    expect(seedImi().users.some((user) => SEED_EMAILS_SHARED_WITH_ROCKETCHAT.includes(user.email_id.toLowerCase()) && user.email_id !== user.email_id.toLowerCase())).toBe(true);
  });

  it('applies nothing of IMI when the quota reserve stops the pass early', async () => {
    // authorize and the first pass's three pages leave 1002; the second pass reads 1001, 1000: stop.
    upstreams = await startDirectoryUpstreams({ imi: { dailyQuota: 1_006 } });
    const clock = fakeClock();
    const { refresher, writes } = build({ settings: { imiQuotaReserve: 1_000 }, clock });
    await refresher.refresh(tenant, clientsOf(upstreams));
    const [, firstImi] = await store.directory.syncStates(tenant);
    expect(firstImi).toEqual(expect.objectContaining({ identities: 27, lastError: null }));

    upstreams.imi.state.addUser({ ...(upstreams.imi.state.userById(5001) as NonNullable<ReturnType<typeof upstreams.imi.state.userById>>), login_id: 'late.comer', email_id: 'late.comer@example.com' });
    writes.length = 0;
    const searchesBefore = imiSearches();
    clock.advance(60_000);
    const reports = await refresher.refresh(tenant, clientsOf(upstreams));

    expect(reports).toEqual([
      expect.objectContaining({ platform: 'rocketchat', outcome: 'applied' }),
      expect.objectContaining({ platform: 'imi', outcome: 'IMI_QUOTA_RESERVE', calls: 2, quotaRemaining: 1_000 }),
    ]);
    expect(imiSearches() - searchesBefore).toBe(2);
    expect(writes.filter((write) => write.platform === 'imi')).toEqual([
      { method: 'refreshStarted', tenant, platform: 'imi' },
      { method: 'refreshFailed', tenant, platform: 'imi', error: 'IMI_QUOTA_RESERVE' },
    ]);
    const [, imi] = await store.directory.syncStates(tenant);
    // The directory still holds the last complete pass, and says why it is not newer.
    expect(imi).toEqual(expect.objectContaining({ identities: 27, lastError: 'IMI_QUOTA_RESERVE', running: false, lastFinishedAt: firstImi?.lastFinishedAt }));
    expect(await store.directory.personByEmail(tenant, 'late.comer@example.com')).toBeNull();
  });

  it('records a Rocket.Chat outage as its failure while IMI still applies', async () => {
    upstreams = await startDirectoryUpstreams({ resilience: NO_RETRIES });
    upstreams.rocketchat.faults.add({ path: '/api/v1/livechat/users', effect: { kind: 'status', status: 503 } });
    const { logger, lines } = capturingLogger();
    const { refresher, writes } = build({ logger });
    const reports = await refresher.refresh(tenant, clientsOf(upstreams));

    expect(reports).toEqual([
      expect.objectContaining({ platform: 'rocketchat', outcome: 'UPSTREAM_UNAVAILABLE', calls: 1 }),
      expect.objectContaining({ platform: 'imi', outcome: 'applied', seen: 27 }),
    ]);
    expect(upstreams.rocketchat.log.list()).toHaveLength(1);
    expect(writes.filter((write) => write.platform === 'rocketchat')).toEqual([
      { method: 'refreshStarted', tenant, platform: 'rocketchat' },
      { method: 'refreshFailed', tenant, platform: 'rocketchat', error: 'UPSTREAM_UNAVAILABLE' },
    ]);
    expect(await store.directory.syncStates(tenant)).toEqual([
      expect.objectContaining({ platform: 'rocketchat', running: false, lastError: 'UPSTREAM_UNAVAILABLE', identities: 0, lastFinishedAt: null }),
      expect.objectContaining({ platform: 'imi', running: false, lastError: null, identities: 27 }),
    ]);
    // IMI-only people are in; nobody has a Rocket.Chat identity yet.
    expect((await store.directory.personByEmail(tenant, 'marta.quiroga@example.com'))?.platforms).toEqual(['imi']);
    const failed = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'directory refresh not applied');
    expect(failed).toEqual(expect.objectContaining({ tenant, provider: 'rocketchat', outcome: 'UPSTREAM_UNAVAILABLE', calls: 1 }));
  });

  it('skips a platform the tenant does not use', async () => {
    upstreams = await startDirectoryUpstreams();
    const { refresher, writes } = build();
    const reports = await refresher.refresh(tenant, { rocketchat: undefined, imi: upstreams.clients.imi });
    expect(reports).toEqual([expect.objectContaining({ platform: 'imi', outcome: 'applied' })]);
    expect(upstreams.rocketchat.log.list()).toHaveLength(0);
    expect(writes.some((write) => write.platform === 'rocketchat')).toBe(false);
    expect((await store.directory.syncStates(tenant))[0]).toEqual(expect.objectContaining({ platform: 'rocketchat', lastStartedAt: null, identities: 0 }));
  });

  it("keeps a second refresher of the tenant out while the first holds the lease, and lets it in after", async () => {
    upstreams = await startDirectoryUpstreams();
    const held = heldRocketChat(upstreams);
    const first = build({ settings: { holder: 'replica-a' } });
    const second = build({ settings: { holder: 'replica-b' } });

    const running = first.refresher.refresh(tenant, { rocketchat: held.source, imi: upstreams.clients.imi });
    await held.reached.wait;
    const callsBefore = upstreams.rocketchat.log.list().length + upstreams.imi.log.list().length;
    expect(await second.refresher.refresh(tenant, clientsOf(upstreams))).toBe('already-running');
    // Kept out before it called anyone or wrote anything.
    expect(upstreams.rocketchat.log.list().length + upstreams.imi.log.list().length).toBe(callsBefore);
    expect(second.writes).toEqual([]);
    // The lease is the tenant's: another tenant refreshes meanwhile.
    expect(await second.refresher.refresh(`${tenant}-other`, clientsOf(upstreams))).toEqual([
      expect.objectContaining({ outcome: 'applied' }),
      expect.objectContaining({ outcome: 'applied' }),
    ]);

    held.held.open();
    expect(await running).toEqual([expect.objectContaining({ outcome: 'applied' }), expect.objectContaining({ outcome: 'applied' })]);
    expect(await second.refresher.refresh(tenant, clientsOf(upstreams))).toEqual([
      expect.objectContaining({ outcome: 'applied' }),
      expect.objectContaining({ outcome: 'applied' }),
    ]);
  });

  it('applies nothing once its lease has expired and another replica took over', async () => {
    upstreams = await startDirectoryUpstreams();
    const clock = fakeClock();
    const held = heldRocketChat(upstreams);
    const stalled = build({ clock, settings: { holder: 'replica-a', leaseTtlMs: 1_000 } });
    const other = build({ clock, settings: { holder: 'replica-b', leaseTtlMs: 1_000 } });

    const running = stalled.refresher.refresh(tenant, { rocketchat: held.source, imi: undefined });
    await held.reached.wait;
    clock.advance(5_000);
    expect(await other.refresher.refresh(tenant, { rocketchat: upstreams.clients.rocketchat, imi: undefined })).toEqual([
      expect.objectContaining({ outcome: 'applied' }),
    ]);
    held.held.open();
    expect(await running).toEqual([expect.objectContaining({ platform: 'rocketchat', outcome: 'LEASE_LOST' })]);
    expect(stalled.writes.map((write) => write.method)).toEqual(['refreshStarted']);
  });

  it('counts refreshes by outcome, their duration, identities and the IMI quota in the metrics', async () => {
    upstreams = await startDirectoryUpstreams({ resilience: NO_RETRIES, imi: { dailyQuota: 2_000 } });
    upstreams.rocketchat.faults.add({ path: '/api/v1/livechat/users', times: 1, effect: { kind: 'status', status: 503 } });
    const metrics = new GatewayMetrics({ upstreamStates: () => [], platformIds: PLATFORM_IDS, processMetrics: false });
    const { refresher } = build({ metrics });
    await refresher.refresh(tenant, clientsOf(upstreams));
    await refresher.refresh(tenant, clientsOf(upstreams));

    const text = await metrics.body();
    const sample = (name: string, labels: string) => new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, 'm').exec(text)?.[1];
    expect(sample('chat_gateway_directory_refreshes_total', `tenant="${tenant}",provider="rocketchat",outcome="UPSTREAM_UNAVAILABLE"`)).toBe('1');
    expect(sample('chat_gateway_directory_refreshes_total', `tenant="${tenant}",provider="rocketchat",outcome="applied"`)).toBe('1');
    expect(sample('chat_gateway_directory_refreshes_total', `tenant="${tenant}",provider="imi",outcome="applied"`)).toBe('2');
    expect(sample('chat_gateway_directory_refresh_duration_seconds_count', `tenant="${tenant}",provider="imi"`)).toBe('2');
    expect(sample('chat_gateway_directory_identities', `tenant="${tenant}",provider="imi"`)).toBe('27');
    // authorize, then three pages a pass: 2000 - 7.
    expect(sample('chat_gateway_imi_quota_remaining', `tenant="${tenant}"`)).toBe('1993');
  });
});
