import { startTestGateway, useTestGateway, type TestGateway } from '../support/gateway';

const closed = { breaker: 'closed', inFlight: 0, queued: 0 };

describe('GET /readyz', () => {
  const gateway = useTestGateway({ env: { GATEWAY_RETRY_MAX_ATTEMPTS: '1', GATEWAY_BREAKER_FAILURES: '2' } });

  it('reports ready with each upstream’s breaker and load, without calling any platform', async () => {
    const answer = await gateway().http('/readyz');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ status: 'ready', upstreams: { default: { rocketchat: closed, jelou: closed, imi: closed } }, cache: 'memory' });
    for (const simulator of [gateway().simulator, gateway().jelou, gateway().imi]) expect(simulator.log.list()).toHaveLength(0);
  });

  it('stays ready but says degraded while a platform’s circuit is open', async () => {
    gateway().simulator.faults.add({ effect: { kind: 'status', status: 503 } });
    for (let i = 0; i < 2; i += 1) await gateway().graphql('{ agents(type: AGENT) { totalCount } }');
    const answer = await gateway().http('/readyz');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ status: 'degraded', upstreams: { default: { rocketchat: { breaker: 'open' }, imi: closed } } });
  });
});

describe('readiness during shutdown', () => {
  let gateway: TestGateway | undefined;
  afterAll(() => gateway?.close());

  it('turns not ready (draining) as soon as shutdown begins, while an in-flight request still completes', async () => {
    gateway = await startTestGateway();
    gateway.simulator.faults.add({ effect: { kind: 'latency', ms: 500 } });
    const slow = gateway.graphql<{ agents: { totalCount: number } }>('{ agents(type: MANAGER) { totalCount } }');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(gateway.app.readiness()).toMatchObject({ ready: true, body: { status: 'ready' } });
    const stopping = gateway.app.close();
    expect(gateway.app.readiness()).toMatchObject({ ready: false, body: { status: 'draining' } });
    expect((await slow).body.data?.agents.totalCount).toBeGreaterThan(0);
    await stopping;
  });
});
