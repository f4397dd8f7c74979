import WebSocket from 'ws';
import { startTestGateway, type GraphQLAnswer, type TestGateway } from '../support/gateway';
import { newKey, writeAuthFile, type TestKey } from '../support/security-auth-file';

// Issue 19, routers and proxies: behind a trusted proxy (this test, on 127.0.0.1, plays it by sending
// the forwarding headers itself) the budgets kept per address are each client's, so one client using up
// its failed-authentication budget does not lock out the others; from a peer nobody listed, the headers
// are ignored and everyone behind it shares its budget.

const CLIENT_A = '203.0.113.7';
const CLIENT_B = '203.0.113.8';
/** One failure every 10 s after a burst of 3: nothing refills while a test runs. */
const BUDGET = { GATEWAY_RATE_LIMIT_RPS: '0.1', GATEWAY_RATE_LIMIT_BURST: '3' };

const query = (gateway: TestGateway, headers: Record<string, string>) => gateway.graphql('{ __typename }', undefined, headers);
const bearer = (key: TestKey | string) => `Bearer ${typeof key === 'string' ? key : key.key}`;
const codes = (answer: GraphQLAnswer) => (answer.body.errors ?? []).map((error) => error.extensions?.code);

/** The log lines (parsed) with this message. */
function logged(gateway: TestGateway, msg: string): Array<Record<string, unknown>> {
  return gateway.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === msg);
}

/** Sends wrong keys as `client` until the gateway answers 429; the statuses it got on the way. */
async function useUpFailures(gateway: TestGateway, headers: Record<string, string>): Promise<number[]> {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 4; attempt += 1) {
    statuses.push((await query(gateway, { ...headers, authorization: bearer(newKey('wrong', ['read'])) })).status);
  }
  return statuses;
}

/** Opens a graphql-transport-ws connection with these upgrade headers: `ack`, or the close code it was refused with. */
function connectWs(gateway: TestGateway, headers: Record<string, string>, key: TestKey): Promise<'ack' | number> {
  const socket = new WebSocket(gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers });
  return new Promise((resolve, reject) => {
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: bearer(key) } })));
    socket.on('message', (data: Buffer) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'connection_ack') {
        resolve('ack');
        socket.close();
      }
    });
    socket.on('close', (code) => resolve(code));
    socket.on('error', reject);
  });
}

describe('behind a trusted proxy (GATEWAY_TRUSTED_PROXIES=127.0.0.1)', () => {
  const keys = { a: newKey('client-a', ['read']), b: newKey('client-b', ['read']), proxy: newKey('proxy-itself', ['read']) };
  let gateway: TestGateway;
  let removeAuthFile: () => void;
  beforeAll(async () => {
    const file = writeAuthFile({ keys: Object.values(keys) });
    removeAuthFile = file.remove;
    gateway = await startTestGateway({ env: { GATEWAY_AUTH_FILE: file.path, GATEWAY_TRUSTED_PROXIES: '127.0.0.1', ...BUDGET } });
  });
  afterAll(async () => {
    await gateway?.close();
    removeAuthFile?.();
  });

  it('refuses the client that used up its failed-authentication budget, and only that one', async () => {
    expect(await useUpFailures(gateway, { 'x-forwarded-for': CLIENT_A })).toEqual([401, 401, 401, 429]);
    // Until its budget refills, even a good key from client A is refused: checking it is what is limited.
    const refused = await query(gateway, { 'x-forwarded-for': CLIENT_A, authorization: bearer(keys.a) });
    expect(refused.status).toBe(429);
    expect(codes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.body.errors?.[0]?.message).toMatch(/failed authentications from this address/);

    // Another client behind the same proxy still authenticates, and has a budget of its own.
    const other = await query(gateway, { 'x-forwarded-for': CLIENT_B, authorization: bearer(keys.b) });
    expect(other.status).toBe(200);
    expect(other.body).toEqual({ data: { __typename: 'Query' } });
    expect((await query(gateway, { 'x-forwarded-for': CLIENT_B, authorization: bearer(newKey('wrong', ['read'])) })).status).toBe(401);
    // So does the proxy itself (no forwarding header: the peer is the caller).
    expect((await query(gateway, { authorization: bearer(keys.proxy) })).status).toBe(200);

    // The log names the client, and the proxy it came through.
    const failures = logged(gateway, 'request refused: not authenticated');
    expect(failures.filter((line) => line.clientAddress === CLIENT_A)).toHaveLength(3);
    expect(failures.every((line) => line.proxyAddress === '127.0.0.1')).toBe(true);
    expect(logged(gateway, 'request refused: too many failed authentications')[0]).toMatchObject({ rateLimitKey: `auth-failures:address:${CLIENT_A}` });
  });

  it('reads the address the proxy appended, not the ones the client wrote before it', async () => {
    // Client A pretending to be B: its proxy appends A's real address after what it sent.
    const spoofed = await query(gateway, { 'x-forwarded-for': `${CLIENT_B}, ${CLIENT_A}`, authorization: bearer(keys.a) });
    expect(spoofed.status).toBe(429);
    // RFC 7239 Forwarded, with a port, is read the same way (and preferred to X-Forwarded-For).
    expect((await query(gateway, { forwarded: `for="${CLIENT_A}:4711";proto=http`, authorization: bearer(keys.a) })).status).toBe(429);
    expect((await query(gateway, { forwarded: `for=${CLIENT_A}`, 'x-forwarded-for': CLIENT_B, authorization: bearer(keys.a) })).status).toBe(429);
    // An IPv6 client is a client of its own.
    expect((await query(gateway, { forwarded: 'for="[2001:db8::7]:4711"', authorization: bearer(keys.proxy) })).status).toBe(200);
  });

  it('admits WebSocket connections by the client their upgrade request was forwarded for', async () => {
    expect(await connectWs(gateway, { 'x-forwarded-for': CLIENT_A }, keys.b)).toBe(4429);
    expect(await connectWs(gateway, { 'x-forwarded-for': CLIENT_B }, keys.b)).toBe('ack');
  });
});

describe('without trusted proxies', () => {
  const key = newKey('reader', ['read']);
  let gateway: TestGateway;
  let removeAuthFile: () => void;
  beforeAll(async () => {
    const file = writeAuthFile({ keys: [key] });
    removeAuthFile = file.remove;
    gateway = await startTestGateway({ env: { GATEWAY_AUTH_FILE: file.path, ...BUDGET } });
  });
  afterAll(async () => {
    await gateway?.close();
    removeAuthFile?.();
  });

  it('ignores the forwarding headers: everyone behind the proxy shares its budget', async () => {
    expect(await useUpFailures(gateway, { 'x-forwarded-for': CLIENT_A })).toEqual([401, 401, 401, 429]);
    expect((await query(gateway, { 'x-forwarded-for': CLIENT_B, authorization: bearer(key) })).status).toBe(429);
    expect((await query(gateway, { forwarded: `for=${CLIENT_B}`, authorization: bearer(key) })).status).toBe(429);
    expect((await query(gateway, { authorization: bearer(key) })).status).toBe(429);
    const failures = logged(gateway, 'request refused: not authenticated');
    expect(failures.map((line) => [line.clientAddress, line.proxyAddress])).toEqual([
      ['127.0.0.1', undefined],
      ['127.0.0.1', undefined],
      ['127.0.0.1', undefined],
    ]);
  });
});

describe('anonymous callers behind a trusted proxy (authentication off)', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ env: { GATEWAY_TRUSTED_PROXIES: '127.0.0.1', GATEWAY_RATE_LIMIT_RPS: '0.1', GATEWAY_RATE_LIMIT_BURST: '2' } });
  });
  afterAll(() => gateway?.close());

  it('gives each forwarded client a rate limit of its own', async () => {
    const statuses = [];
    for (let request = 0; request < 3; request += 1) statuses.push((await query(gateway, { 'x-forwarded-for': CLIENT_A })).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect((await query(gateway, { 'x-forwarded-for': CLIENT_B })).status).toBe(200);
    expect(logged(gateway, 'request refused: rate limit')[0]).toMatchObject({ rateLimitKey: `address:${CLIENT_A}` });
  });
});
