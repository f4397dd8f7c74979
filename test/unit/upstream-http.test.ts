import { MockAgent } from 'undici';
import { ErrorCode, GatewayError } from '../../src/errors';
import { UpstreamHttp, type UpstreamRequest } from '../../src/upstream/upstream-http';
import { capturingLogger } from '../support/logger';
import { ROCKETCHAT } from '../../src/platforms/rocketchat/name';
import { RESILIENCE_DEFAULTS } from '../../src/config/index';
import { within } from '../support/scope';

const ORIGIN = 'https://platform.example.com';

describe('UpstreamHttp outcomes of a non-idempotent write', () => {
  let agent: MockAgent;
  let http: UpstreamHttp;
  const create: UpstreamRequest = { method: 'POST', path: '/users', headers: {}, body: { a: 1 }, route: 'POST /users', idempotent: false };

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    http = new UpstreamHttp({ platform: ROCKETCHAT, origin: ORIGIN, dispatcher: agent, logger: capturingLogger().logger, resilience: RESILIENCE_DEFAULTS });
  });
  afterEach(() => agent.close());

  async function codeOf(call: Promise<unknown>): Promise<ErrorCode | undefined> {
    return call.then(
      () => undefined,
      (error: unknown) => (error instanceof GatewayError ? error.code : undefined),
    );
  }

  const failWith = (code: string) =>
    agent.get(ORIGIN).intercept({ path: '/users', method: 'POST' }).replyWithError(Object.assign(new Error(code), { code }));

  it('is unknown when the connection broke after the call may have arrived', async () => {
    failWith('ECONNRESET');
    expect(await codeOf(http.send(create, within(1_000)))).toBe(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN);
  });

  it('is unknown when the answer does not come within the deadline', async () => {
    agent.get(ORIGIN).intercept({ path: '/users', method: 'POST' }).reply(200, '{}').delay(300);
    expect(await codeOf(http.send(create, within(50)))).toBe(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN);
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND'])('is a plain outage when the connection never opened (%s)', async (code) => {
    failWith(code);
    expect(await codeOf(http.send(create, within(1_000)))).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
  });

  it('is a plain timeout when connecting timed out', async () => {
    failWith('UND_ERR_CONNECT_TIMEOUT');
    expect(await codeOf(http.send(create, within(1_000)))).toBe(ErrorCode.UPSTREAM_TIMEOUT);
  });

  it('is a plain timeout, without a call, when the deadline was already spent', async () => {
    expect(await codeOf(http.send(create, within(0)))).toBe(ErrorCode.UPSTREAM_TIMEOUT);
  });

  it('sends JSON and parses a JSON answer', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: '/users', method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } })
      .reply(201, { id: 7 }, { headers: { 'content-type': 'application/json' } });
    await expect(http.send(create, within(1_000))).resolves.toMatchObject({ status: 201, json: { id: 7 } });
  });
});
