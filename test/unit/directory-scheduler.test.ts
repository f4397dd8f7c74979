import { DirectoryScheduler, type DirectoryClients, type DirectorySchedulerOptions } from '../../src/directory';
import type { RocketChatDirectorySource } from '../../src/directory/collect-rocketchat';
import type { GatewayStore } from '../../src/store';
import { fakeClock, gate, manualTimers, openDirectoryTestStore, recordingDirectory, rocketChatSeedWithAgents, startDirectoryUpstreams, type DirectoryUpstreams, type ManualTimers } from '../support/directory';
import { capturingLogger } from '../support/logger';

/**
 * The scheduler over the refresher: background runs on its (manual) timers, `syncNow` for the mutation,
 * one run per tenant in the process, and a bounded close that stops refreshes between pages.
 */

let store: GatewayStore;
let upstreams: DirectoryUpstreams | undefined;
let scheduler: DirectoryScheduler | undefined;
let schedulerTimers: ManualTimers | undefined;
let serial = 0;
/** The lease's renewal timer, a third of its default ttl of 5 minutes. */
const RENEWAL_MS = 100_000;

beforeAll(async () => {
  store = await openDirectoryTestStore();
});
afterAll(async () => {
  await store.close();
});
afterEach(async () => {
  // A test that failed mid-way may leave close() waiting on its bound: fire it (and anything else left).
  const closing = scheduler?.close();
  for (const timer of [...(schedulerTimers?.pending ?? [])]) timer.fire();
  await closing;
  scheduler = undefined;
  await upstreams?.close();
  upstreams = undefined;
});

function schedulerOf(tenants: ReadonlyMap<string, DirectoryClients>, timers: ManualTimers, options: DirectorySchedulerOptions = {}) {
  const recorded = recordingDirectory(store.directory);
  schedulerTimers = timers;
  scheduler = new DirectoryScheduler(
    { tenants, store: { directory: recorded.directory, leases: store.leases }, logger: capturingLogger().logger },
    { clock: fakeClock(), timers, random: () => 0, paceMs: { rocketchat: 0, imi: 0 }, ...options },
  );
  return { scheduler, writes: recorded.writes };
}

/** Every call the simulators received. */
const calls = () => (upstreams?.rocketchat.log.list().length ?? 0) + (upstreams?.imi.log.list().length ?? 0);

/** Lets the refresh's awaits (HTTP, the store) run until `done` holds. */
async function until(done: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}

describe('DirectoryScheduler', () => {
  it('refreshes each tenant in the background: first after the start-up delay, then every interval', async () => {
    upstreams = await startDirectoryUpstreams();
    const tenant = `bg-${(serial += 1)}`;
    const timers = manualTimers();
    const clients = { rocketchat: upstreams.clients.rocketchat, imi: upstreams.clients.imi };
    const { scheduler: background } = schedulerOf(
      new Map<string, DirectoryClients>([
        [tenant, clients],
        // A tenant with neither platform has nothing to refresh.
        ['jelou-only', { rocketchat: undefined, imi: undefined }],
      ]),
      timers,
      { intervalMs: 600_000, firstRunDelayMs: 2_000 },
    );
    background.start();
    expect(timers.pending.map((timer) => timer.ms)).toEqual([2_000]);
    expect(calls()).toBe(0);

    timers.pending[0]?.fire();
    // The next run is armed at once, a full interval on.
    expect(timers.pending.map((timer) => timer.ms)).toEqual([600_000]);
    await until(async () => (await store.directory.syncStates(tenant)).every((state) => state.lastFinishedAt !== null));
    await until(() => !background.isRunning(tenant));
    const afterFirst = calls();
    expect(afterFirst).toBe(6); // 2 Rocket.Chat pages, IMI's authorize and 3 pages

    timers.pending[0]?.fire();
    await until(() => calls() === afterFirst + 5);
  });

  it('runs no background refresh with an interval of 0, yet syncs on demand', async () => {
    upstreams = await startDirectoryUpstreams();
    const tenant = `off-${(serial += 1)}`;
    const timers = manualTimers();
    const { scheduler: off } = schedulerOf(new Map([[tenant, { rocketchat: undefined, imi: upstreams.clients.imi }]]), timers, { intervalMs: 0 });
    off.start();
    expect(timers.pending).toEqual([]);
    expect(await off.syncNow(tenant)).toBe('started');
    await until(async () => (await store.directory.syncStates(tenant))[1]?.identities === 27);
  });

  it("syncNow starts one refresh per tenant; while it runs, another is 'already-running'", async () => {
    upstreams = await startDirectoryUpstreams();
    const tenant = `sync-${(serial += 1)}`;
    const held = gate();
    const { rocketchat } = upstreams.clients;
    const source: RocketChatDirectorySource = {
      listUsers: async (...args) => {
        await held.wait;
        return rocketchat.listUsers(...args);
      },
    };
    const { scheduler: sync, writes } = schedulerOf(new Map([[tenant, { rocketchat: source, imi: undefined }]]), manualTimers());

    expect(sync.isRunning(tenant)).toBe(false);
    const [first, second] = await Promise.all([sync.syncNow(tenant), sync.syncNow(tenant)]);
    expect([first, second]).toEqual(['started', 'already-running']);
    expect(sync.isRunning(tenant)).toBe(true);
    expect(await sync.syncNow(tenant)).toBe('already-running');

    held.open();
    await until(() => !sync.isRunning(tenant));
    expect(writes.map((write) => write.method)).toEqual(['refreshStarted', 'applyRefresh']);
    expect(await sync.syncNow(tenant)).toBe('started');
  });

  it('refuses a tenant it does not have', async () => {
    const { scheduler: sync } = schedulerOf(new Map(), manualTimers());
    await expect(sync.syncNow('nobody')).rejects.toThrow('no platform clients for tenant nobody');
  });

  it('close() stops the timers and a running refresh before its next page; nothing is applied', async () => {
    upstreams = await startDirectoryUpstreams({ rocketchat: { data: rocketChatSeedWithAgents(160) } });
    const tenant = `close-${(serial += 1)}`;
    const held = gate();
    const reached = gate();
    const { rocketchat } = upstreams.clients;
    const source: RocketChatDirectorySource = {
      listUsers: async (...args) => {
        reached.open();
        await held.wait;
        return rocketchat.listUsers(...args);
      },
    };
    const timers = manualTimers();
    const { scheduler: closing, writes } = schedulerOf(new Map([[tenant, { rocketchat: source, imi: undefined }]]), timers, { closeTimeoutMs: 30_000 });
    closing.start();
    expect(await closing.syncNow(tenant)).toBe('started');
    await reached.wait;

    const closed = closing.close();
    // The running refresh's lease renewal and close()'s own bound are left: the background timer is gone.
    expect(timers.pending.map((timer) => timer.ms)).toEqual([RENEWAL_MS, 30_000]);
    held.open();
    await closed;
    // The page in flight finished; the next one was never asked for.
    expect(upstreams.rocketchat.log.list()).toHaveLength(1);
    expect(writes.map((write) => (write.method === 'refreshFailed' ? write.error : write.method))).toEqual(['refreshStarted', 'REFRESH_INTERRUPTED']);
    expect(closing.isRunning(tenant)).toBe(false);
    await expect(closing.syncNow(tenant)).rejects.toThrow('closed');
  });

  it('close() gives up waiting after its bound', async () => {
    upstreams = await startDirectoryUpstreams();
    const tenant = `stuck-${(serial += 1)}`;
    const never = gate();
    const reached = gate();
    const source: RocketChatDirectorySource = {
      listUsers: async () => {
        reached.open();
        await never.wait;
        throw new Error('unreachable');
      },
    };
    const timers = manualTimers();
    const { scheduler: stuck } = schedulerOf(new Map([[tenant, { rocketchat: source, imi: undefined }]]), timers, { closeTimeoutMs: 1_234 });
    expect(await stuck.syncNow(tenant)).toBe('started');
    await reached.wait;
    const closed = stuck.close();
    expect(timers.pending.map((timer) => timer.ms)).toEqual([RENEWAL_MS, 1_234]);
    timers.pending.find((timer) => timer.ms === 1_234)?.fire();
    await closed;
    expect(stuck.isRunning(tenant)).toBe(true);
    never.open();
  });
});
