import { request } from 'undici';
import { compileGateway, removeGatewayBuild, startGatewayProcess } from '../support/gateway-process';

/**
 * The real process: `node main.js` (compiled into a temporary folder, so dist/ is left alone) gets a
 * SIGTERM while a slow request is in flight. The request must complete and the process exit 0.
 */
let build: string;

beforeAll(() => {
  build = compileGateway();
}, 120_000);

afterAll(() => removeGatewayBuild(build));

const startGateway = (env: Record<string, string>) => startGatewayProcess(build, env);

describe('graceful shutdown', () => {
  it('finishes the in-flight request after SIGTERM, then exits 0', async () => {
    const faults = { rocketchat: [{ effect: { kind: 'latency', ms: 1_500 } }] };
    const { child, url, output } = await startGateway({ GATEWAY_SIMULATOR_FAULTS: JSON.stringify(faults) });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    const slow = request(url.replace('localhost', '127.0.0.1'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ agents(type: MANAGER) { totalCount } }' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM');

    const answer = await slow;
    expect(answer.statusCode).toBe(200);
    expect(await answer.body.json()).toEqual({ data: { agents: { totalCount: expect.any(Number) } } });
    expect(await exited).toBe(0);
    expect(output()).toContain('shutting down: finishing in-flight requests');
  }, 60_000);
});
