import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateApiKey, hashApiKey } from '../../src/access/api-keys';
import type { Scope } from '../../src/access/caller';
import { startImiSimulator, type ImiSimulator } from '../../src/simulators/imi/server';
import { startJelouSimulator, type JelouSimulator } from '../../src/simulators/jelou/server';
import { seedRocketChat } from '../../src/simulators/rocketchat/seed';
import { startRocketChatSimulator, type RocketChatSimulator } from '../../src/simulators/rocketchat/server';

/** A caller of the security tests: the plain key is only ever in memory; the file gets its hash. */
export interface TestKey {
  name: string;
  key: string;
  scopes: Scope[];
  tenant: string;
}

export function newKey(name: string, scopes: Scope[], tenant = 'default'): TestKey {
  return { name, key: generateApiKey(), scopes, tenant };
}

/** A second tenant's platforms: its own simulators, with data (Rocket.Chat ids) unlike the default tenant's. */
export interface TenantSimulators {
  rocketchat: RocketChatSimulator;
  jelou: JelouSimulator;
  imi: ImiSimulator;
  /** The auth file's entry for these simulators, with only the platforms listed. */
  entry(platforms?: Array<'rocketchat' | 'jelou' | 'imi'>): Record<string, unknown>;
  /** Every credential the gateway holds for this tenant. */
  secrets(): string[];
  close(): Promise<void>;
}

export async function startTenantSimulators(seed: number): Promise<TenantSimulators> {
  const rocketchat = await startRocketChatSimulator({ data: seedRocketChat(seed) });
  const jelou = await startJelouSimulator();
  const imi = await startImiSimulator();
  const all = {
    rocketchat: { url: rocketchat.url, userId: rocketchat.serviceAccount.userId, authToken: rocketchat.serviceAccount.authToken },
    jelou: { url: jelou.url, clientId: jelou.credentials.clientId, clientSecret: jelou.credentials.clientSecret, authScheme: 'basic' },
    imi: { url: imi.url, teamId: imi.teamId, apiKey: imi.apiKey, domain: imi.domain },
  };
  return {
    rocketchat,
    jelou,
    imi,
    entry: (platforms = ['rocketchat', 'jelou', 'imi']) => Object.fromEntries(platforms.map((platform) => [platform, all[platform]])),
    secrets: () => [rocketchat.serviceAccount.authToken, jelou.credentials.clientSecret, imi.apiKey, imi.accessToken],
    close: async () => {
      await Promise.all([rocketchat.close(), jelou.close(), imi.close()]);
    },
  };
}

export interface AuthFileContents {
  keys: TestKey[];
  tenants?: Record<string, Record<string, unknown>>;
  jwtSecret?: string;
}

/** Writes a JSON auth file into a new temporary directory; `remove()` deletes the directory. */
export function writeAuthFile(contents: AuthFileContents): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cgw-security-'));
  const path = join(dir, 'auth.json');
  const file = {
    keys: contents.keys.map(({ name, key, scopes, tenant }) => ({ name, hash: hashApiKey(key), scopes, tenant })),
    ...(contents.tenants && { tenants: contents.tenants }),
    ...(contents.jwtSecret !== undefined && { jwt: { algorithms: ['HS256'], secret: contents.jwtSecret } }),
  };
  writeFileSync(path, JSON.stringify(file, null, 2), { mode: 0o600 });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
