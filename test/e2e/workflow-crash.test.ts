import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { startImiSimulator, type ImiSimulator } from '../../src/simulators/imi/server';
import { startRocketChatSimulator, type RocketChatSimulator } from '../../src/simulators/rocketchat/server';
import { compileGateway, removeGatewayBuild, startGatewayProcess, stopGatewayProcess, type GatewayProcess } from '../support/gateway-process';

/**
 * A replica killed in the middle of an onboarding (SIGKILL, while IMI's create hangs): the next replica,
 * on the same store, marks the workflow INTERRUPTED, with the steps that happened DONE and the one that
 * was mid-call UNKNOWN; the same idempotency key then replays that record without calling any platform.
 */
const HEARTBEAT_MS = 200;
const KEY = 'crash-onboarding-1';
const MUTATION = `mutation($input: OnboardPersonInput!, $key: String!) {
  onboardPerson(input: $input, idempotencyKey: $key) { workflow { id status steps { action status code } } userErrors { code } }
}`;
const INPUT = {
  email: 'ines.mar@example.com',
  firstName: 'Inés',
  lastName: 'Mar',
  rocketChat: { username: 'ines.mar', password: 'rc-password-1', roles: ['AGENT'] },
  imi: { loginId: 'ines.mar', password: 'imi-password-1', privileges: [{ teamId: '101', role: 'TEAM_AGENT' }] },
};

interface Answer {
  data?: { onboardPerson: { workflow: { id: string; status: string; steps: Array<{ action: string; status: string; code: string | null }> } | null; userErrors: unknown[] } } | null;
  errors?: unknown[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a replica killed mid-workflow', () => {
  const dispatcher = new Agent();
  let build: string | undefined;
  let storeDir: string | undefined;
  let rocketchat: RocketChatSimulator;
  let imi: ImiSimulator;
  let first: GatewayProcess | undefined;
  let second: GatewayProcess | undefined;

  beforeAll(async () => {
    build = compileGateway();
    storeDir = mkdtempSync(join(tmpdir(), 'gateway-store-'));
    rocketchat = await startRocketChatSimulator();
    imi = await startImiSimulator();
  }, 180_000);

  afterAll(async () => {
    await stopGatewayProcess(first);
    await stopGatewayProcess(second);
    await rocketchat?.close();
    await imi?.close();
    await dispatcher.close();
    removeGatewayBuild(build);
    if (storeDir) rmSync(storeDir, { recursive: true, force: true });
  });

  const env = () => ({
    ROCKETCHAT_URL: rocketchat.url,
    ROCKETCHAT_USER_ID: rocketchat.serviceAccount.userId,
    ROCKETCHAT_AUTH_TOKEN: rocketchat.serviceAccount.authToken,
    IMI_URL: imi.url,
    IMI_TEAM_ID: imi.teamId,
    IMI_API_KEY: imi.apiKey,
    IMI_DOMAIN: imi.domain,
    GATEWAY_STORE_DIR: storeDir as string,
    GATEWAY_WORKFLOW_HEARTBEAT_MS: String(HEARTBEAT_MS),
    GATEWAY_METRICS: 'off',
  });
  const post = (gateway: GatewayProcess) =>
    request(gateway.url, {
      dispatcher,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: MUTATION, variables: { input: INPUT, key: KEY } }),
    });

  it('leaves a record that says what happened, and the same key replays it', async () => {
    imi.faults.add({ method: 'POST', path: '/v3.1/users', effect: { kind: 'hang' } });
    first = await startGatewayProcess(build as string, env());
    post(first).catch(() => undefined);
    // Rocket.Chat's steps are done and IMI's create has been sent (and hangs): kill now.
    for (let waited = 0; imi.log.list({ method: 'POST', pathPrefix: '/v3.1/users' }).filter((entry) => entry.path === '/v3.1/users').length === 0; waited += 20) {
      if (waited > 20_000) throw new Error('the IMI create was never sent');
      await sleep(20);
    }
    expect(rocketchat.state.userByUsername('ines.mar')?.roles).toContain('livechat-agent');
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first?.child.once('exit', resolve));
    imi.faults.clear();

    // Long enough for the dead replica's heartbeat to go stale (6 beats).
    await sleep(HEARTBEAT_MS * 8);
    second = await startGatewayProcess(build as string, env());
    rocketchat.log.clear();
    imi.log.clear();
    const answer = (await (await post(second)).body.json()) as Answer;
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.onboardPerson.workflow).toMatchObject({
      status: 'INTERRUPTED',
      steps: [
        { action: 'CREATE_USER', status: 'DONE', code: null },
        { action: 'GRANT_ROLES', status: 'DONE', code: null },
        { action: 'CREATE_CUSTOMER_CARE_USER', status: 'UNKNOWN', code: 'INTERRUPTED' },
      ],
    });
    // Answered from the record: no platform call.
    expect(rocketchat.log.list()).toHaveLength(0);
    expect(imi.log.list()).toHaveLength(0);
  }, 120_000);
});
