import { MockAgent } from 'undici';
import { ErrorCode } from '../../src/errors';
import { UpstreamHttp, type ResilienceOptions, type UpstreamRequest } from '../../src/upstream/upstream-http';
import { rejectionOf } from '../support/errors';
import { capturingLogger } from '../support/logger';
import { JELOU } from '../../src/platforms/jelou/name';
import { RESILIENCE_DEFAULTS } from '../../src/config/index';
import { within } from '../support/scope';

const ORIGIN = 'https://platform.example.com';
const read: UpstreamRequest = { method: 'GET', path: '/users', headers: {}, route: 'GET /users', idempotent: true };
const create: UpstreamRequest = { method: 'POST', path: '/users', headers: {}, body: { a: 1 }, route: 'POST /users', idempotent: false };
const fast: ResilienceOptions = { ...RESILIENCE_DEFAULTS, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } };
const json = { headers: { 'content-type': 'application/json' } };

describe('UpstreamHttp under upstream failures', () => {
  let agent: MockAgent;
  let queued: number;
  let logs: string[];
  /** Calls that reached the platform: the queued answers consumed. */
  const calls = () => queued - agent.pendingInterceptors().length;

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    queued = 0;
  });
  afterEach(() => agent.close());

  function http(resilience: ResilienceOptions = fast): UpstreamHttp {
    const captured = capturingLogger();
    logs = captured.lines;
    return new UpstreamHttp({ platform: JELOU, origin: ORIGIN, dispatcher: agent, logger: captured.logger, resilience });
  }

  /** Queues answers for the next calls, in order, counting the calls that reach the platform. */
  function answers(...statuses: Array<number | { status: number; headers?: Record<string, string> } | 'reset'>) {
    for (const answer of statuses) {
      queued += 1;
      const scope = agent.get(ORIGIN).intercept({ path: '/users', method: /.*/ });
      if (answer === 'reset') {
        scope.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
        continue;
      }
      const { status, headers = {} } = typeof answer === 'number' ? { status: answer } : answer;
      scope.reply(status, '{}', { headers: { ...json.headers, ...headers } });
    }
  }

  it('retries a read after a 503 and returns the success: two calls', async () => {
    answers(503, 200);
    await expect(http().send(read, within(1_000))).resolves.toMatchObject({ status: 200 });
    expect(calls()).toBe(2);
    expect(logs.join('\n')).toContain('retrying upstream call');
  });

  it('retries a read after a connection reset', async () => {
    answers('reset', 200);
    await expect(http().send(read, within(1_000))).resolves.toMatchObject({ status: 200 });
    expect(calls()).toBe(2);
  });

  it('stops after the attempt cap and hands the last answer to the provider', async () => {
    answers(502, 503, 504, 200);
    await expect(http().send(read, within(1_000))).resolves.toMatchObject({ status: 504 });
    expect(calls()).toBe(3);
  });

  it('never repeats a call that is not safe to repeat', async () => {
    answers(503);
    await expect(http().send(create, within(1_000))).resolves.toMatchObject({ status: 503 });
    answers('reset');
    expect((await rejectionOf(http().send(create, within(1_000)))).code).toBe(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN);
    expect(calls()).toBe(2);
  });

  it('waits the Retry-After of a 429 when it fits the deadline', async () => {
    answers({ status: 429, headers: { 'retry-after': '0' } }, 200);
    await expect(http().send(read, within(1_000))).resolves.toMatchObject({ status: 200 });
    expect(calls()).toBe(2);
  });

  it('does not wait past the deadline: a long Retry-After is handed on with retryAfterMs', async () => {
    answers({ status: 429, headers: { 'retry-after': '60' } }, 200);
    await expect(http().send(read, within(1_000))).resolves.toMatchObject({ status: 429, retryAfterMs: 60_000 });
    expect(calls()).toBe(1);
  });

  it('leaves 4xx answers alone: they are the platform’s verdict', async () => {
    answers(404, 200);
    await expect(http().send(read, within(1_000))).resolves.toMatchObject({ status: 404 });
    expect(calls()).toBe(1);
  });

  it('opens the circuit after consecutive failures, fails fast without calling, and closes after a good probe', async () => {
    const guarded = http({ ...fast, retry: { ...fast.retry, maxAttempts: 1 }, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 500 } });
    answers(503, 503);
    await guarded.send(read, within(1_000));
    await guarded.send(read, within(1_000));
    expect(guarded.breakerState).toBe('open');
    const refused = await rejectionOf(guarded.send(read, within(1_000)));
    expect(refused).toMatchObject({ code: ErrorCode.UPSTREAM_UNAVAILABLE, provider: 'jelou', retryAfterMs: 500 });
    expect(calls()).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 550));
    answers(200);
    await expect(guarded.send(read, within(1_000))).resolves.toMatchObject({ status: 200 });
    expect(guarded.breakerState).toBe('closed');
    expect(calls()).toBe(3);
    expect(logs.join('\n')).toMatch(/"breaker":"open"[\s\S]*"breaker":"closed"/);
  });

  it('refuses calls beyond the bulkhead with UPSTREAM_OVERLOADED, and a queued call gives up at its own deadline', async () => {
    const narrow = http({ ...fast, bulkhead: { maxConcurrent: 1, maxQueued: 1 } });
    agent.get(ORIGIN).intercept({ path: '/users', method: 'GET' }).reply(200, '{}', json).delay(2_000);
    let firstDone = false;
    const first = narrow.send(read, within(5_000)).finally(() => (firstDone = true));
    const queued = narrow.send(read, within(100));
    const refused = await rejectionOf(narrow.send(read, within(1_000)));
    expect(refused).toMatchObject({ code: ErrorCode.UPSTREAM_OVERLOADED, provider: 'jelou' });
    expect((await rejectionOf(queued)).code).toBe(ErrorCode.UPSTREAM_TIMEOUT);
    // It gave up while the slot was still taken, not when the slot came free.
    expect(firstDone).toBe(false);
    await expect(first).resolves.toMatchObject({ status: 200 });
  });

  it('fails calls fast while one probe tests a half-open circuit', async () => {
    const guarded = http({ ...fast, retry: { ...fast.retry, maxAttempts: 1 }, breaker: { consecutiveFailures: 1, halfOpenAfterMs: 200 } });
    answers(503);
    await guarded.send(read, within(1_000));
    await new Promise((resolve) => setTimeout(resolve, 250));
    agent.get(ORIGIN).intercept({ path: '/users', method: 'GET' }).reply(200, '{}', json).delay(1_500);
    let probeDone = false;
    const probe = guarded.send(read, within(5_000)).finally(() => (probeDone = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await rejectionOf(guarded.send(read, within(5_000)))).code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
    expect(probeDone).toBe(false);
    await expect(probe).resolves.toMatchObject({ status: 200 });
    expect(guarded.breakerState).toBe('closed');
  });

  it('does not open the circuit for timeouts of calls that had almost no time (the caller’s budget, not the platform)', async () => {
    const guarded = http({ ...fast, retry: { ...fast.retry, maxAttempts: 1 }, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 10_000 } });
    for (let i = 0; i < 3; i += 1) {
      agent.get(ORIGIN).intercept({ path: '/users', method: 'GET' }).reply(200, '{}', json).delay(100);
      expect((await rejectionOf(guarded.send(read, within(10)))).code).toBe(ErrorCode.UPSTREAM_TIMEOUT);
    }
    expect(guarded.breakerState).toBe('closed');
  });
});
