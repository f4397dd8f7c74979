import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'undici';
import type { FaultInjector, FaultSpec } from '../../src/simulators/faults.js';
import type { RequestLog } from '../../src/simulators/http-kit.js';
import { FIRST_SEED_ID } from '../../src/simulators/imi/seed.js';
import { startImiSimulator } from '../../src/simulators/imi/server.js';
import { SEED_BOT_ID } from '../../src/simulators/jelou/seed.js';
import { startJelouSimulator } from '../../src/simulators/jelou/server.js';
import { startRocketChatSimulator } from '../../src/simulators/rocketchat/server.js';

/**
 * The fault injection every simulator shares (src/simulators/faults.ts), over real HTTP: each effect
 * does what it promises on each platform, faulted requests are logged exactly once, and the admin
 * route drives it without showing up in the request log.
 */

interface Call {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** One running simulator as these tests see it. */
interface Subject {
  url: string;
  log: RequestLog;
  faults: FaultInjector;
  close(): Promise<void>;
  /** A write that changes state when the platform acts on it, and its normal status. */
  write: Call;
  writeStatus: number;
  acted(): boolean;
  /** A read answering 200, or the platform's 405 on Jelou, which has no GET route. */
  read: Call;
  readStatus: number;
  /** The platform's own failure bodies, for defaults. */
  expect503(body: unknown): void;
  expect429(body: unknown, seconds: number): void;
  /** How the platform says when to come back after a 429 of `seconds`. */
  expectWait(headers: Record<string, unknown>, seconds: number): void;
}

const json = { 'content-type': 'application/json' };

const platforms: Array<[string, () => Promise<Subject>]> = [
  [
    'Rocket.Chat',
    async () => {
      const sim = await startRocketChatSimulator();
      const plain = sim.state.allUsers().find((user) => user.roles.length === 1 && user.roles[0] === 'user');
      if (!plain) throw new Error('the seed has no plain user');
      const headers = { 'x-user-id': sim.serviceAccount.userId, 'x-auth-token': sim.serviceAccount.authToken };
      return {
        ...sim,
        write: { method: 'POST', path: '/api/v1/livechat/users/agent', headers: { ...headers, ...json }, body: JSON.stringify({ username: plain.username }) },
        writeStatus: 200,
        acted: () => plain.roles.includes('livechat-agent'),
        read: { method: 'GET', path: '/api/v1/livechat/users/agent?count=1', headers },
        readStatus: 200,
        expect503: (body) => expect(body).toEqual({ success: false, error: 'Internal server error' }),
        expect429: (body, seconds) =>
          expect(body).toEqual({ success: false, error: expect.stringContaining(`wait ${seconds} seconds`) }),
        // Rocket.Chat's limiter: X-RateLimit-* with the reset as an epoch in ms, no Retry-After.
        expectWait: (headers, seconds) => {
          expect(headers['retry-after']).toBeUndefined();
          expect([headers['x-ratelimit-limit'], headers['x-ratelimit-remaining']]).toEqual(['10', '0']);
          const reset = Number(headers['x-ratelimit-reset']);
          expect(reset).toBeGreaterThan(Date.now() + (seconds - 2) * 1000);
          expect(reset).toBeLessThanOrEqual(Date.now() + seconds * 1000);
        },
      };
    },
  ],
  [
    'Jelou',
    async () => {
      const sim = await startJelouSimulator();
      const { clientId, clientSecret } = sim.credentials;
      const authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
      const failure = (code: string) => expect.objectContaining({ status: 0, statusMessage: 'failed', error: expect.objectContaining({ code }) });
      return {
        ...sim,
        write: { method: 'POST', path: '/v1/widget/user', headers: { authorization, ...json }, body: JSON.stringify({ user: { id: 'fault-1', names: 'Fay' } }) },
        writeStatus: 200,
        acted: () => sim.state.user(SEED_BOT_ID, 'fault-1') !== undefined,
        read: { method: 'GET', path: '/v1/widget/user', headers: { authorization } },
        readStatus: 405,
        expect503: (body) => expect(body).toEqual(failure('internal_server_error')),
        expect429: (body) => expect(body).toEqual(failure('too_many_requests')),
        expectWait: (headers, seconds) => expect(headers['retry-after']).toBe(String(seconds)),
      };
    },
  ],
  [
    'IMI',
    async () => {
      const sim = await startImiSimulator();
      const headers = { access_token: sim.accessToken, teamid: sim.teamId };
      const user = { first_name: 'Nora', last_name: 'Nuevo', login_id: 'nora.nuevo', email_id: 'nora@example.com', password: 'Secret-pass-1', privileges: [{ teamid: 102, role: 'Team Agent' }] };
      return {
        ...sim,
        write: { method: 'POST', path: '/v3.1/users', headers: { ...headers, ...json }, body: JSON.stringify(user) },
        writeStatus: 200,
        acted: () => sim.state.userByLoginId('nora.nuevo') !== undefined,
        read: { method: 'GET', path: `/v3.1/users/${FIRST_SEED_ID}`, headers },
        readStatus: 200,
        expect503: (body) => expect(body).toEqual({ status_code: 2007, description: 'Internal Server Error', response: null }),
        expect429: (body) => expect(body).toEqual({ status_code: 429, description: expect.any(String), response: null }),
        expectWait: (headers, seconds) => expect(headers['retry-after']).toBe(String(seconds)),
      };
    },
  ],
];

describe.each(platforms)('%s simulator faults', (_name, startSubject) => {
  let sim: Subject;
  let agent: Agent;
  let closed: boolean;

  beforeEach(async () => {
    sim = await startSubject();
    agent = new Agent({ keepAliveTimeout: 1_000 });
    closed = false;
  });
  afterEach(async () => {
    await agent.close().catch(() => undefined);
    if (!closed) await sim.close();
  });

  const send = (call: Call, timeouts: { headersTimeout?: number } = {}) =>
    request(`${sim.url}${call.path}`, { method: call.method, headers: call.headers, body: call.body ?? null, dispatcher: agent, ...timeouts });
  const text = async (call: Call) => {
    const answer = await send(call);
    return { status: answer.statusCode, headers: answer.headers, text: await answer.body.text() };
  };
  const add = (spec: Omit<FaultSpec, 'path'> & { path?: string }) => sim.faults.add({ path: sim.write.path, ...spec });
  const statuses = () => sim.log.list().map((entry) => entry.status);
  const admin = async (method: 'GET' | 'POST' | 'DELETE' | 'PUT', body?: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: unknown }> => {
    const answer = await request(`${sim.url}/__faults`, { method, headers: json, body: body ?? null, dispatcher: agent });
    const raw = await answer.body.text();
    return { status: answer.statusCode, headers: answer.headers, body: raw === '' ? undefined : JSON.parse(raw) };
  };

  it('answers normally after the latency, having acted at once', async () => {
    add({ times: 1, effect: { kind: 'latency', ms: 300 } });
    const started = Date.now();
    const answer = await text(sim.write);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(answer.status).toBe(sim.writeStatus);
    expect(sim.acted()).toBe(true);
    expect(statuses()).toEqual([sim.writeStatus]);
  });

  it('never answers a hung request, logs it once with status 0, and still closes', async () => {
    add({ effect: { kind: 'hang' } });
    await expect(send(sim.write, { headersTimeout: 200 })).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
    expect(sim.acted()).toBe(false);
    const pending = send(sim.write);
    pending.catch(() => undefined);
    while (sim.log.list().length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    // The second request is still open: close() must not wait for it.
    await sim.close();
    closed = true;
    await expect(pending).rejects.toThrow();
    expect(statuses()).toEqual([0, 0]);
  });

  it('resets the connection before acting', async () => {
    add({ times: 1, effect: { kind: 'reset' } });
    await expect(text(sim.write)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(sim.acted()).toBe(false);
    expect(statuses()).toEqual([0]);
  });

  it('drops the connection after acting, with no answer', async () => {
    add({ times: 1, effect: { kind: 'drop' } });
    await expect(text(sim.write)).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
    expect(sim.acted()).toBe(true);
    expect(statuses()).toEqual([0]);
  });

  it("answers a status with the platform's own failure body, without acting", async () => {
    add({ times: 1, effect: { kind: 'status', status: 503 } });
    const answer = await text(sim.write);
    expect([answer.status, answer.headers['cache-control'], answer.headers['retry-after']]).toEqual([503, 'no-store', undefined]);
    sim.expect503(JSON.parse(answer.text));
    expect(sim.acted()).toBe(false);
    expect(statuses()).toEqual([503]);
  });

  it("answers a 429 with the platform's own wait headers and body", async () => {
    add({ times: 1, effect: { kind: 'status', status: 429, retryAfterSeconds: 7 } });
    const answer = await text(sim.write);
    expect(answer.status).toBe(429);
    sim.expectWait(answer.headers, 7);
    sim.expect429(JSON.parse(answer.text), 7);
    expect(statuses()).toEqual([429]);
  });

  it('answers a status with the body given', async () => {
    add({ times: 1, effect: { kind: 'status', status: 200, body: { anything: ['at all'] } } });
    const answer = await text(sim.write);
    expect([answer.status, JSON.parse(answer.text)]).toEqual([200, { anything: ['at all'] }]);
  });

  it('answers 200 JSON that does not parse', async () => {
    add({ times: 1, effect: { kind: 'malformed' } });
    const answer = await text(sim.write);
    expect([answer.status, answer.headers['content-type']]).toEqual([200, 'application/json']);
    expect(() => JSON.parse(answer.text)).toThrow(SyntaxError);
    expect(statuses()).toEqual([200]);
  });

  it('sends fewer bytes than content-length promises, then cuts the connection', async () => {
    add({ times: 1, effect: { kind: 'truncated' } });
    const answer = await send(sim.write);
    expect(answer.statusCode).toBe(200);
    expect(Number(answer.headers['content-length'])).toBeGreaterThan(1);
    await expect(answer.body.text()).rejects.toThrow();
    expect(statuses()).toEqual([0]);
  });

  it('uses a fault up `times` times, then serves normally again', async () => {
    add({ times: 2, effect: { kind: 'status', status: 500 } });
    expect(sim.faults.list()).toEqual([expect.objectContaining({ times: 2 })]);
    expect((await text(sim.write)).status).toBe(500);
    expect(sim.faults.list()).toEqual([expect.objectContaining({ times: 1 })]);
    expect((await text(sim.write)).status).toBe(500);
    expect(sim.faults.list()).toEqual([]);
    expect((await text(sim.write)).status).toBe(sim.writeStatus);
    expect(statuses()).toEqual([500, 500, sim.writeStatus]);
  });

  it('applies a fault only to its method and path prefix, first match first', async () => {
    sim.faults.add({ method: 'GET', path: sim.write.path, effect: { kind: 'status', status: 502 } });
    sim.faults.add({ path: '/elsewhere', effect: { kind: 'status', status: 503 } });
    expect((await text(sim.write)).status).toBe(sim.writeStatus);
    expect((await text(sim.read)).status).toBe(502);
    sim.faults.clear();
    sim.faults.add({ method: 'post', path: sim.write.path.slice(0, 4), effect: { kind: 'status', status: 501 } });
    sim.faults.add({ method: 'POST', effect: { kind: 'status', status: 503 } });
    expect((await text(sim.write)).status).toBe(501);
    expect((await text(sim.read)).status).toBe(sim.readStatus);
  });

  it('is driven over /__faults, which stays out of the request log', async () => {
    const spec = { method: 'POST', path: sim.write.path, times: 1, effect: { kind: 'status', status: 503 } };
    expect(await admin('POST', JSON.stringify(spec))).toMatchObject({ status: 201, body: spec });
    expect(await admin('GET')).toMatchObject({ status: 200, body: [spec], headers: { 'cache-control': 'no-store' } });
    expect((await text(sim.write)).status).toBe(503);
    expect((await admin('GET')).body).toEqual([]);

    const invalid = await admin('POST', JSON.stringify({ effect: { kind: 'latency', ms: 60_001 }, extra: true }));
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ problems: expect.arrayContaining([expect.objectContaining({ path: 'effect.ms' })]) });
    expect((await admin('POST', '{not json')).status).toBe(400);
    expect((await admin('PUT')).status).toBe(405);

    await admin('POST', JSON.stringify({ effect: { kind: 'status', status: 500 } }));
    expect(await admin('DELETE')).toMatchObject({ status: 204, body: undefined });
    expect((await admin('GET')).body).toEqual([]);
    expect((await text(sim.write)).status).toBe(sim.writeStatus);
    expect(sim.log.list().map(({ method, path, status }) => ({ method, path, status }))).toEqual([
      { method: 'POST', path: sim.write.path, status: 503 },
      { method: 'POST', path: sim.write.path, status: sim.writeStatus },
    ]);
  });
});
