import type { RocketChatVersion } from '../../src/simulators/rocketchat/routes.js';
import {
  startRocketChatSimulator,
  type RocketChatSimulator,
  type RocketChatSimulatorOptions,
} from '../../src/simulators/rocketchat/server.js';

export type { RocketChatVersion };

/**
 * The Rocket.Chat server the contract tests talk to.
 *
 * By default that is the in-memory simulator, started on 127.0.0.1 port 0 for each test file. When
 * `CONTRACT_ROCKETCHAT_URL`, `CONTRACT_ROCKETCHAT_USER_ID` and `CONTRACT_ROCKETCHAT_AUTH_TOKEN` are all
 * set, the same tests run against that real server instead, so the simulator and the gateway's client
 * are both checked against the platform itself:
 *
 * - the account should hold the roles `livechat-manager` and `bot` (without `bot` the server's rate
 *   limiter — 10 calls per route per minute — fails the suite), and `admin` for the users.* suites
 *   (create-user, edit-other-user-active-status); the real-server parts of those suites create nothing;
 * - `CONTRACT_ROCKETCHAT_USERNAME` names an existing user with no Livechat role. The write tests register
 *   it as agent and as manager and remove it again; without it they are skipped;
 * - `CONTRACT_ROCKETCHAT_OFFLINE_BOT_USERNAME` (optional) names an offline agent with role `bot`, for the
 *   `showIdleAgents=false` test that checks bots are kept;
 * - `CONTRACT_ROCKETCHAT_VERSION` is `8.x` (the default) or `7.x`: the older line answers some errors
 *   in other bodies, and the suites expect the ones of the server's line;
 * - run with `npx jest test/contract --runInBand`: two files writing the same user at once would race.
 *
 * Tests that need what only the simulator offers (tokens for arbitrary users, a rate limiter it can be
 * made to trip, knowledge of the seed) go in a `describeOnSimulator` block, reported as skipped by name
 * when a real server is the target.
 */
export interface RocketChatTarget {
  /** Base URL without a trailing slash; may carry a path prefix on real servers (e.g. `/chat`). */
  url: string;
  /** Credentials of an account with `livechat-manager` (and `bot`). */
  serviceAccount: { userId: string; authToken: string };
  /** Present when the target is the simulator. */
  simulator?: RocketChatSimulator;
  fixtures: RocketChatFixtures;
  close(): Promise<void>;
}

export interface RocketChatFixtures {
  /** An existing user without Livechat roles, for write tests; undefined when none was named. */
  plainUsername: string | undefined;
  /** An offline agent with role `bot`, if known. */
  offlineBotAgentUsername: string | undefined;
}

/** The target is chosen once, at module load, from the environment. */
const remote = readRemoteSettings(process.env);

/** True when the tests run against a real Rocket.Chat server rather than the simulator. */
export const targetIsRealServer = remote !== undefined;

/**
 * The server lines the suites run against: the simulator answers like each in turn; a real server is
 * the line it was declared to be.
 */
export const TARGET_VERSIONS: readonly RocketChatVersion[] = remote === undefined ? ['8.x', '7.x'] : [remote.version];

/** True when the write tests have a user they may register and remove. */
export const writeTestsEnabled = remote === undefined || remote.plainUsername !== undefined;

/** Plain users (role `user` only) in the simulator's seed; see src/simulators/rocketchat/seed.ts. */
export const SIMULATOR_PLAIN_USERNAME = 'camila.rojas';
/** A second plain user, for tests that need a token without Livechat permissions. */
export const SIMULATOR_UNPRIVILEGED_USERNAME = 'daniel.pena';
/** A manager without role `bot`: the rate limiter counts its calls. */
export const SIMULATOR_LIMITED_MANAGER_USERNAME = 'marta.quiroga';
const SIMULATOR_OFFLINE_BOT_AGENT_USERNAME = 'dialog.bot';

/** Opens the target the environment asks for: the real server when configured, else a fresh simulator of that line. */
export async function openRocketChatTarget(version: RocketChatVersion = '8.x'): Promise<RocketChatTarget> {
  if (remote === undefined) return openRocketChatSimulatorTarget({ version });
  return {
    url: remote.url,
    serviceAccount: { userId: remote.userId, authToken: remote.authToken },
    fixtures: { plainUsername: remote.plainUsername, offlineBotAgentUsername: remote.offlineBotAgentUsername },
    close: async () => undefined,
  };
}

/** Always a fresh simulator (for tests that only make sense against it, e.g. the rate limiter). */
export async function openRocketChatSimulatorTarget(
  options: RocketChatSimulatorOptions = {},
): Promise<RocketChatTarget & { simulator: RocketChatSimulator }> {
  const simulator = await startRocketChatSimulator({ host: '127.0.0.1', port: 0, ...options });
  return {
    url: simulator.url,
    serviceAccount: simulator.serviceAccount,
    simulator,
    fixtures: {
      plainUsername: SIMULATOR_PLAIN_USERNAME,
      offlineBotAgentUsername: SIMULATOR_OFFLINE_BOT_AGENT_USERNAME,
    },
    close: () => simulator.close(),
  };
}

/** A `describe` that runs only against the simulator; skipped by name, with its reason, otherwise. */
export function describeOnSimulator(name: string, reason: string, body: () => void): void {
  const title = `${name} [simulator only: ${reason}]`;
  if (targetIsRealServer) describe.skip(title, body);
  else describe(title, body);
}

/** A `describe` for tests that change roles: skipped on a real server unless a plain user was named. */
export function describeWrites(name: string, body: () => void): void {
  if (writeTestsEnabled) describe(name, body);
  else describe.skip(`${name} [skipped: set CONTRACT_ROCKETCHAT_USERNAME to a user without Livechat roles]`, body);
}

/** A `describe` that needs a fixture only some targets have. */
export function describeIf(condition: boolean, name: string, reason: string, body: () => void): void {
  if (condition) describe(name, body);
  else describe.skip(`${name} [skipped: ${reason}]`, body);
}

/** Whether the target names an offline bot agent (the simulator always does). */
export const offlineBotKnown = remote === undefined || remote.offlineBotAgentUsername !== undefined;

/** The plain user of the write tests; only called inside `describeWrites` blocks. */
export function plainUsernameOf(target: RocketChatTarget): string {
  const username = target.fixtures.plainUsername;
  if (username === undefined) throw new Error('no plain user: set CONTRACT_ROCKETCHAT_USERNAME');
  return username;
}

/** Absolute URL of an API path on the target, keeping the target's own path prefix. */
export function apiUrl(target: RocketChatTarget, path: string): string {
  return `${target.url.replace(/\/+$/, '')}${path}`;
}

/** The id of a seeded simulator user, by username. */
export function simulatorUserId(simulator: RocketChatSimulator, username: string): string {
  const user = simulator.state.userByUsername(username);
  if (!user) throw new Error(`the simulator's seed has no user ${username}`);
  return user._id;
}

interface RemoteSettings {
  url: string;
  userId: string;
  authToken: string;
  plainUsername: string | undefined;
  offlineBotAgentUsername: string | undefined;
  version: RocketChatVersion;
}

function readRemoteSettings(env: NodeJS.ProcessEnv): RemoteSettings | undefined {
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const url = value('CONTRACT_ROCKETCHAT_URL');
  const userId = value('CONTRACT_ROCKETCHAT_USER_ID');
  const authToken = value('CONTRACT_ROCKETCHAT_AUTH_TOKEN');
  const set = [url, userId, authToken].filter((item) => item !== undefined).length;
  if (set === 0) return undefined;
  if (url === undefined || userId === undefined || authToken === undefined) {
    // Half a configuration would silently test the simulator instead of the server someone meant.
    throw new Error(
      'Set all of CONTRACT_ROCKETCHAT_URL, CONTRACT_ROCKETCHAT_USER_ID and CONTRACT_ROCKETCHAT_AUTH_TOKEN, or none of them.',
    );
  }
  return {
    url: url.replace(/\/+$/, ''),
    userId,
    authToken,
    plainUsername: value('CONTRACT_ROCKETCHAT_USERNAME'),
    offlineBotAgentUsername: value('CONTRACT_ROCKETCHAT_OFFLINE_BOT_USERNAME'),
    version: versionOf(value('CONTRACT_ROCKETCHAT_VERSION')),
  };
}

function versionOf(raw: string | undefined): RocketChatVersion {
  if (raw === undefined || raw === '8.x' || raw === '7.x') return raw ?? '8.x';
  throw new Error(`CONTRACT_ROCKETCHAT_VERSION must be 8.x or 7.x, not ${raw}.`);
}

/** An available agent with no other role (so only `view-l-room` of the department permissions), in Support and Onboarding. */
export const SIMULATOR_AGENT_USERNAME = 'isabel.castro';
/** A second available agent with no other role, for changing someone else's availability. */
export const SIMULATOR_OTHER_AGENT_USERNAME = 'bruno.herrera';

/** Credentials (a new personal access token) for a seeded simulator user, by username. */
export function simulatorCredentials(simulator: RocketChatSimulator, username: string): { userId: string; authToken: string } {
  const userId = simulatorUserId(simulator, username);
  return { userId, authToken: simulator.issueToken(userId) };
}
