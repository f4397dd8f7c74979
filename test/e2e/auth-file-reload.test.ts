import { writeFileSync } from 'node:fs';
import { generateApiKey, hashApiKey } from '../../src/access/api-keys';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { compileGateway, startGatewayProcess, stopGatewayProcess, type GatewayProcess } from '../support/gateway-process';
import { newKey, writeAuthFile, type TestKey } from '../support/security-auth-file';

/**
 * The auth file is re-read while the gateway runs: a key added to it works within a second, without a
 * restart; a file that does not validate, or whose tenants changed, leaves the keys in force and says why.
 */

const QUERY = '{ agents(type: MANAGER, first: 1) { totalCount } }';

function fileWith(keys: TestKey[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ keys: keys.map(({ name, key, scopes, tenant }) => ({ name, hash: hashApiKey(key), scopes, tenant })), ...extra }, null, 2);
}

async function statusWith(gateway: TestGateway, key: string): Promise<number> {
  return (await gateway.graphql(QUERY, undefined, { authorization: `Bearer ${key}` })).status;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('auth file reload', () => {
  const first = newKey('first-app', ['read']);
  const second = newKey('second-app', ['read']);
  const file = writeAuthFile({ keys: [first] });
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ env: { GATEWAY_AUTH_FILE: file.path } });
  });
  afterAll(async () => {
    await gateway.close();
    file.remove();
  });

  it('takes a key added to the file without a restart, and drops a removed one', async () => {
    expect(await statusWith(gateway, second.key)).toBe(401);
    writeFileSync(file.path, fileWith([first, second]));
    await eventually(async () => (await statusWith(gateway, second.key)) === 200);
    expect(gateway.logs.some((line) => line.includes('auth file reloaded'))).toBe(true);
    writeFileSync(file.path, fileWith([second]));
    await eventually(async () => (await statusWith(gateway, first.key)) === 401);
    expect(await statusWith(gateway, second.key)).toBe(200);
    expect(gateway.app.reloadAuth()).toBe('unchanged');
  });

  it('keeps the keys in force when the new file does not validate, and says why without quoting it', async () => {
    const plain = generateApiKey();
    writeFileSync(file.path, JSON.stringify({ keys: [{ name: 'Bad Name', hash: plain, scopes: ['read'], tenant: 'default' }] }));
    expect(gateway.app.reloadAuth()).toBe('refused');
    expect(await statusWith(gateway, second.key)).toBe(200);
    const refusal = gateway.logs.map((line) => JSON.parse(line) as { msg: string; problems?: string[] }).find((line) => line.msg.startsWith('auth file not reloaded: it is not valid'));
    expect(refusal?.problems?.length).toBeGreaterThan(0);
    expect(gateway.logs.join('\n')).not.toContain(plain);
  });

  it('refuses a file whose tenants changed (that takes a restart), keeping the keys in force', async () => {
    const third = newKey('third-app', ['read']);
    writeFileSync(file.path, fileWith([second, third], { tenants: { acme: { rocketchat: { url: 'http://127.0.0.1:9', userId: 'u', authToken: 'a-token' } } } }));
    expect(gateway.app.reloadAuth()).toBe('refused');
    expect(await statusWith(gateway, third.key)).toBe(401);
    expect(await statusWith(gateway, second.key)).toBe(200);
    expect(gateway.logs.some((line) => line.includes('its tenants changed'))).toBe(true);
  });
});

describe('auth file reload on SIGHUP (a gateway process)', () => {
  let gateway: GatewayProcess | undefined;
  let build: string;
  // Compiling the gateway takes 15 s or more on a busy machine: not the test's own time.
  beforeAll(() => {
    build = compileGateway();
  }, 120_000);
  afterAll(() => stopGatewayProcess(gateway));

  it('re-reads the file when the process gets SIGHUP', async () => {
    const key = newKey('process-app', ['read']);
    const later = newKey('later-app', ['read']);
    const file = writeAuthFile({ keys: [key] });
    try {
      gateway = await startGatewayProcess(build, { GATEWAY_AUTH_FILE: file.path });
      const url = gateway.url;
      const status = async (apiKey: string) =>
        (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: JSON.stringify({ query: QUERY }) })).status;
      expect(await status(later.key)).toBe(401);
      writeFileSync(file.path, fileWith([key, later]));
      gateway.child.kill('SIGHUP');
      await eventually(async () => (await status(later.key)) === 200);
      expect(gateway.output()).toContain('auth file reload requested');
    } finally {
      file.remove();
    }
  });
});
