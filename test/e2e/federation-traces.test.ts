import { startTestGateway, type TestGateway } from '../support/gateway';
import { newKey, writeAuthFile } from '../support/security-auth-file';

/**
 * Inline federation traces (`apollo-federation-include-trace: ftv1`) show the gateway's inner timings and
 * resolver structure: they are answered only to callers with the `traces:read` scope (a router's key),
 * never to any caller who asks.
 */
describe('inline federation traces', () => {
  const router = newKey('router', ['read', 'traces:read']);
  const app = newKey('app', ['read']);
  let gateway: TestGateway;
  let remove: () => void;

  beforeAll(async () => {
    const file = writeAuthFile({ keys: [router, app] });
    remove = file.remove;
    gateway = await startTestGateway({ env: { GATEWAY_AUTH_FILE: file.path } });
  });
  afterAll(async () => {
    await gateway?.close();
    remove?.();
  });

  const QUERY = '{ agents(type: MANAGER, first: 2) { totalCount } }';
  const ask = (key: string, headers: Record<string, string> = {}) =>
    gateway.graphql(QUERY, undefined, { authorization: `Bearer ${key}`, ...headers });

  it('sends a trace to a caller with traces:read that asks for one', async () => {
    const answer = await ask(router.key, { 'apollo-federation-include-trace': 'ftv1' });
    expect(answer.body.errors).toBeUndefined();
    const ftv1 = (answer.body as { extensions?: { ftv1?: unknown } }).extensions?.ftv1;
    expect(typeof ftv1).toBe('string');
    expect(Buffer.from(ftv1 as string, 'base64').length).toBeGreaterThan(0);
  });

  it('answers a caller without traces:read as if it had not asked', async () => {
    const answer = await ask(app.key, { 'apollo-federation-include-trace': 'ftv1' });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toEqual({ agents: { totalCount: expect.any(Number) } });
    expect(answer.body).not.toHaveProperty('extensions');
  });

  it('sends no trace to anyone who does not ask', async () => {
    expect((await ask(router.key)).body).not.toHaveProperty('extensions');
  });
});
