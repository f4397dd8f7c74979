import { capturingLogger } from '../support/logger';
import { openTestStore } from '../support/store';
import { startTestGateway, useTestGateway, type TestGateway } from '../support/gateway';

const closed = { breaker: 'closed', inFlight: 0, queued: 0 };

describe('GET /readyz', () => {
  const gateway = useTestGateway({ env: { GATEWAY_RETRY_MAX_ATTEMPTS: '1', GATEWAY_BREAKER_FAILURES: '2' } });

  it('reports ready with each upstream’s breaker and load and the store’s ping, without calling any platform', async () => {
    const answer = await gateway().http('/readyz');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({
      status: 'ready',
      upstreams: { default: { rocketchat: closed, jelou: closed, imi: closed } },
      cache: 'memory',
      events: { mode: 'memory' },
      store: { engine: 'embedded', status: 'up' },
    });
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
    expect(await gateway.app.readiness()).toMatchObject({ ready: true, body: { status: 'ready' } });
    const stopping = gateway.app.close();
    expect(await gateway.app.readiness()).toMatchObject({ ready: false, body: { status: 'draining' } });
    expect((await slow).body.data?.agents.totalCount).toBeGreaterThan(0);
    await stopping;
  });
});

describe('readiness while the store does not answer', () => {
  it('stays ready but says degraded, without waiting for the store longer than a second', async () => {
    const store = await openTestStore(capturingLogger().logger);
    // A database that hangs (a network partition): the ping never settles.
    const gateway = await startTestGateway({ store: { ...store, ping: () => new Promise<void>(() => undefined) } });
    try {
      const started = Date.now();
      const answer = await gateway.http('/readyz');
      expect(Date.now() - started).toBeLessThan(2_500);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toMatchObject({ status: 'degraded', store: { engine: 'embedded', status: 'down', reason: 'timeout' } });
    } finally {
      await gateway.close();
      await store.close();
    }
  }, 30_000);
});

