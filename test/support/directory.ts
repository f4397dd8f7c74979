import type { Clock, Timers } from '../../src/directory';
import { RESILIENCE_DEFAULTS } from '../../src/config/index';
import { createLogger, type Logger } from '../../src/logger';
import { DEFAULT_IMI_HEADER_NAMES, createImiClient, type ImiClient } from '../../src/platforms/imi';
import { createRocketChatClient, type RocketChatClient } from '../../src/platforms/rocketchat';
import { seedRocketChat } from '../../src/simulators/rocketchat/seed';
import type { SimUser } from '../../src/simulators/rocketchat/state';
import { startImiSimulator, type ImiSimulator, type ImiSimulatorOptions } from '../../src/simulators/imi/server';
import { startRocketChatSimulator, type RocketChatSimulator, type RocketChatSimulatorOptions } from '../../src/simulators/rocketchat/server';
import type { DirectoryPlatform, DirectoryStore, GatewayStore } from '../../src/store';
import { createUpstreamPool, type ResilienceOptions, type UpstreamDispatcher } from '../../src/upstream/upstream-http';
import { openTestStore } from './store';

/**
 * What the directory refresh tests share: both simulators with clients as the gateway builds them (their
 * own pools), a fake clock whose sleeps move time forward at once (shared with the simulators, so the
 * timestamps in their request logs are the refresh's own), timers that fire only when a test says, the
 * real embedded store (in memory), and a store wrapper that records the refresh's writes.
 */

export interface DirectoryUpstreams {
  rocketchat: RocketChatSimulator;
  imi: ImiSimulator;
  clients: { rocketchat: RocketChatClient; imi: ImiClient };
  close(): Promise<void>;
}

/** Calls made (each retry is one), when a test counts exactly. */
export const NO_RETRIES: ResilienceOptions = { ...RESILIENCE_DEFAULTS, retry: { ...RESILIENCE_DEFAULTS.retry, maxAttempts: 1 } };

export async function startDirectoryUpstreams(
  options: { rocketchat?: RocketChatSimulatorOptions; imi?: ImiSimulatorOptions; resilience?: ResilienceOptions; logger?: Logger } = {},
): Promise<DirectoryUpstreams> {
  const rocketchat = await startRocketChatSimulator({ host: '127.0.0.1', port: 0, ...options.rocketchat });
  const imi = await startImiSimulator({ host: '127.0.0.1', port: 0, ...options.imi });
  const pools: UpstreamDispatcher[] = [];
  const pool = (url: string) => {
    const dispatcher = createUpstreamPool(new URL(url).origin, { connections: 4, connectTimeoutMs: 2_000, maxResponseBytes: 1024 * 1024 });
    pools.push(dispatcher);
    return dispatcher;
  };
  const logger = options.logger ?? createLogger('silent');
  const resilience = options.resilience ?? RESILIENCE_DEFAULTS;
  const clients = {
    rocketchat: createRocketChatClient(
      { url: new URL(rocketchat.url), credentials: rocketchat.serviceAccount, dispatcher: pool(rocketchat.url) },
      logger,
      resilience,
    ),
    imi: createImiClient(
      {
        url: new URL(imi.url),
        teamId: imi.teamId,
        auth: { kind: 'api-key', apiKey: imi.apiKey, domain: imi.domain },
        headerNames: DEFAULT_IMI_HEADER_NAMES,
        dispatcher: pool(imi.url),
      },
      logger,
      resilience,
    ),
  };
  return {
    rocketchat,
    imi,
    clients,
    close: async () => {
      await Promise.all(pools.map((dispatcher) => dispatcher.close()));
      await Promise.all([rocketchat.close(), imi.close()]);
    },
  };
}

/** The Rocket.Chat seed with `count` more agents (`extra.agent.NNN`), so that agents take several pages. */
export function rocketChatSeedWithAgents(count: number) {
  const data = seedRocketChat();
  for (let i = 0; i < count; i += 1) {
    const username = `extra.agent.${String(i).padStart(3, '0')}`;
    const user: SimUser = {
      _id: `extraAgent${String(i).padStart(7, '0')}`,
      username,
      name: `Extra Agent ${i}`,
      status: 'online',
      statusLivechat: 'available',
      emails: [{ address: `${username}@example.com`, verified: true }],
      livechat: null,
      roles: ['user', 'livechat-agent'],
    };
    data.users.push(user);
  }
  return data;
}

export interface FakeClock extends Clock {
  /** Every sleep asked for, in ms. */
  readonly sleeps: number[];
  advance(ms: number): void;
}

/** Time that moves only when slept through (or advanced): paced refreshes run at once, and exactly. */
export function fakeClock(start = Date.UTC(2026, 0, 5, 9, 0, 0)): FakeClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

export interface ManualTimers extends Timers {
  /** Timers set and not yet fired or cleared, oldest first. */
  readonly pending: Array<{ ms: number; fire(): void }>;
}

/** Timers that fire only when a test calls `fire()`: nothing happens behind a test's back. */
export function manualTimers(): ManualTimers {
  const pending: Array<{ ms: number; fire(): void; handle: number }> = [];
  let next = 1;
  return {
    pending,
    setTimeout(callback, ms) {
      const handle = next++;
      const entry = {
        ms,
        handle,
        fire: () => {
          const index = pending.indexOf(entry);
          if (index === -1) return;
          pending.splice(index, 1);
          callback();
        },
      };
      pending.push(entry);
      return handle;
    },
    clearTimeout(handle) {
      const index = pending.findIndex((entry) => entry.handle === handle);
      if (index !== -1) pending.splice(index, 1);
    },
  };
}

/** The real store, embedded and in memory (started from a migrated dump: see ./store.ts). */
export function openDirectoryTestStore(): Promise<GatewayStore> {
  return openTestStore(createLogger('silent'));
}

export type DirectoryWrite =
  | { method: 'refreshStarted'; tenant: string; platform: DirectoryPlatform }
  | { method: 'applyRefresh'; tenant: string; platform: DirectoryPlatform; seen: number }
  | { method: 'refreshFailed'; tenant: string; platform: DirectoryPlatform; error: string };

/** The store's directory, with the refresh's writes recorded in order (they still reach the store). */
export function recordingDirectory(directory: DirectoryStore): { directory: DirectoryStore; writes: DirectoryWrite[] } {
  const writes: DirectoryWrite[] = [];
  const recorded: Partial<DirectoryStore> = {
    refreshStarted: (tenant, platform, at, runningUntil) => {
      writes.push({ method: 'refreshStarted', tenant, platform });
      return directory.refreshStarted(tenant, platform, at, runningUntil);
    },
    applyRefresh: (tenant, platform, seen, finishedAt) => {
      writes.push({ method: 'applyRefresh', tenant, platform, seen: seen.length });
      return directory.applyRefresh(tenant, platform, seen, finishedAt);
    },
    refreshFailed: (tenant, platform, at, error) => {
      writes.push({ method: 'refreshFailed', tenant, platform, error });
      return directory.refreshFailed(tenant, platform, at, error);
    },
  };
  const wrapped = new Proxy(directory, {
    get: (target, property, receiver) =>
      property in recorded ? recorded[property as keyof DirectoryStore] : (Reflect.get(target, property, receiver) as unknown),
  });
  return { directory: wrapped, writes };
}

/** A promise the test resolves when it chooses: holds a refresh mid-way. */
export function gate(): { wait: Promise<void>; open(): void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}
