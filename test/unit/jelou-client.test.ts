import { inspect } from 'node:util';
import { MockAgent } from 'undici';
import { ErrorCode } from '../../src/errors';
import { createJelouClient, JelouSession, type JelouAuthScheme, type JelouClient } from '../../src/platforms/jelou';
import { capturingLogger } from '../support/logger';
import { rejectionOf } from '../support/errors';
import { RESILIENCE_DEFAULTS } from '../../src/config/index';
import type { CallScope } from '../../src/upstream/call-scope';
import { within } from '../support/scope';

const ORIGIN = 'https://api.jelou.example';
const CLIENT_ID = 'client-id-1';
const SECRET = 'client-secret-never-logged';
const PATH = '/jelou/v1/widget/user';

const okBody = (referenceId: string) => ({
  message: ['User created successfully!'],
  statusMessage: 'success',
  status: 1,
  data: { User: { id: referenceId, referenceId, names: 'Ana', companyId: 135 }, Room: { id: `G:b:${referenceId}` }, groupRoom: null },
});

describe('JelouClient (undici MockAgent, no network)', () => {
  let agent: MockAgent;
  let logs: string[];
  const deadline = () => within(2_000);

  function clientWith(authScheme: JelouAuthScheme): JelouClient {
    const captured = capturingLogger();
    logs = captured.lines;
    return createJelouClient(
      { url: new URL(`${ORIGIN}/jelou`), credentials: { clientId: CLIENT_ID, clientSecret: SECRET }, authScheme, dispatcher: agent },
      captured.logger,
      RESILIENCE_DEFAULTS,
    );
  }

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    agent
      .get(ORIGIN)
      .intercept({ path: PATH, method: 'POST' })
      .reply(status, typeof body === 'string' ? body : JSON.stringify(body), { headers: { 'content-type': 'application/json', ...headers } });

  it('sends Basic base64(clientId:clientSecret) and the documented body under the base path', async () => {
    agent
      .get(ORIGIN)
      .intercept({
        path: PATH,
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ user: { id: 'u-1', names: 'Ana', legalId: '0012AB' } }),
      })
      .reply(200, okBody('u-1'));
    const result = await clientWith('basic').getOrCreateWidgetUser({ id: 'u-1', names: 'Ana', legalId: '0012AB' }, deadline());
    expect(result).toMatchObject({ kind: 'ok', user: { id: 'u-1', names: 'Ana', companyId: 135, room: { id: 'G:b:u-1' }, groupRoom: null } });
  });

  it('refuses an answer about another user than the one asked for as UPSTREAM_BAD_RESPONSE', async () => {
    reply(200, okBody('someone-else'));
    const error = await rejectionOf(clientWith('basic').getOrCreateWidgetUser({ id: 'u-1', names: 'Ana' }, deadline()));
    expect(error).toMatchObject({ code: ErrorCode.UPSTREAM_BAD_RESPONSE, provider: 'jelou' });
  });

  it('sends the raw clientId:clientSecret form when configured, and omits an undefined legalId', async () => {
    agent
      .get(ORIGIN)
      .intercept({
        path: PATH,
        method: 'POST',
        headers: { authorization: `${CLIENT_ID}:${SECRET}` },
        body: JSON.stringify({ user: { id: 'u-2', names: 'Bo' } }),
      })
      .reply(200, okBody('u-2'));
    const result = await clientWith('raw').getOrCreateWidgetUser({ id: 'u-2', names: 'Bo' }, deadline());
    expect(result.kind).toBe('ok');
  });

  it('returns invalid with the fields Jelou named for a 422 VALIDATOR_ERROR', async () => {
    reply(422, {
      message: ['The data sent is not valid.'],
      statusMessage: 'failed',
      status: 0,
      error: { code: 'E0422', key: 'VALIDATOR_ERROR', clientMessages: { en: 'The data sent is not valid.' } },
      validationError: { 'user.names': ['The user.names field is required.'], 'user.legalid': ['bad'] },
    });
    await expect(clientWith('basic').getOrCreateWidgetUser({ id: 'u', names: '' }, deadline())).resolves.toEqual({
      kind: 'invalid',
      problems: [
        { field: 'names', message: 'The user.names field is required.' },
        { field: 'legalId', message: 'bad' },
      ],
    });
  });

  it('returns invalid for validation reported as HTTP 200 with status 0', async () => {
    reply(200, { statusMessage: 'failed', status: 0, error: { code: 'E0422', key: 'VALIDATOR_ERROR' }, validationError: { 'user.id': 'required' } });
    await expect(clientWith('basic').getOrCreateWidgetUser({ id: '', names: 'x' }, deadline())).resolves.toEqual({
      kind: 'invalid',
      problems: [{ field: 'id', message: 'required' }],
    });
  });

  it.each([
    ['200 with status 0 and no error', 200, { message: ['x'], statusMessage: 'failed', status: 0 }, ErrorCode.UPSTREAM_UNAVAILABLE],
    ['200 with status 0 and unauthorized', 200, { status: 0, error: { code: 'unauthorized' } }, ErrorCode.UPSTREAM_UNAUTHORIZED],
    ['401 unauthorized', 401, { status: 0, error: { code: 'unauthorized', key: 'UNAUTHORIZED' } }, ErrorCode.UPSTREAM_UNAUTHORIZED],
    ['403 forbidden_bot', 403, { status: 0, error: { code: 'forbidden_bot' } }, ErrorCode.UPSTREAM_UNAUTHORIZED],
    ['404 bot_not_found', 404, { status: 0, error: { code: 'bot_not_found' } }, ErrorCode.UPSTREAM_UNAUTHORIZED],
    ['500 internal_server_error', 500, { status: 0, error: { code: 'internal_server_error' } }, ErrorCode.UPSTREAM_UNAVAILABLE],
    ['502 with an HTML body', 502, '<html>Bad gateway</html>', ErrorCode.UPSTREAM_UNAVAILABLE],
    ['200 with a body that is not JSON', 200, 'oops', ErrorCode.UPSTREAM_BAD_RESPONSE],
    ['200 with an empty body', 200, '', ErrorCode.UPSTREAM_BAD_RESPONSE],
    ['200 with status 1 but no user id', 200, { status: 1, data: { User: { names: 'x' } } }, ErrorCode.UPSTREAM_BAD_RESPONSE],
    ['200 without a status', 200, { data: okBody('u').data }, ErrorCode.UPSTREAM_BAD_RESPONSE],
  ])('maps %s to its code, naming the provider and never the secret', async (_name, status, body, code) => {
    reply(status, body);
    const error = await rejectionOf(clientWith('basic').getOrCreateWidgetUser({ id: 'u', names: 'n' }, deadline()));
    expect(error.code).toBe(code);
    expect(error.provider).toBe('jelou');
    expect(`${error.message} ${JSON.stringify(error)} ${inspect(error, { depth: 10 })}`).not.toContain(SECRET);
  });

  it('maps a 429 to UPSTREAM_RATE_LIMITED with retryAfterMs from Retry-After', async () => {
    reply(429, { status: 0, error: { code: 'too_many_requests' } }, { 'retry-after': '30' });
    const error = await rejectionOf(clientWith('basic').getOrCreateWidgetUser({ id: 'u', names: 'n' }, deadline()));
    expect(error.code).toBe(ErrorCode.UPSTREAM_RATE_LIMITED);
    expect(error.retryAfterMs).toBe(30_000);
  });

  it('maps a dropped connection to UPSTREAM_UNAVAILABLE, not an unknown outcome: get-or-create is idempotent', async () => {
    agent.get(ORIGIN).intercept({ path: PATH, method: 'POST' }).replyWithError(Object.assign(new Error('socket hang up'), { code: 'UND_ERR_SOCKET' }));
    const error = await rejectionOf(clientWith('basic').getOrCreateWidgetUser({ id: 'u', names: 'n' }, deadline()));
    expect(error.code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
  });

  it('answers UPSTREAM_TIMEOUT, not an unknown outcome, when Jelou is slower than the deadline', async () => {
    reply(200, okBody('u')).delay(500);
    const error = await rejectionOf(clientWith('basic').getOrCreateWidgetUser({ id: 'u', names: 'n' }, within(50)));
    expect(error.code).toBe(ErrorCode.UPSTREAM_TIMEOUT);
  });

  it('logs calls by route without credentials', async () => {
    reply(200, okBody('u'));
    await clientWith('raw').getOrCreateWidgetUser({ id: 'u', names: 'n' }, deadline());
    expect(logs.join('\n')).toContain('"route":"POST /v1/widget/user"');
    expect(logs.join('\n')).not.toContain(SECRET);
  });
});

describe('JelouSession', () => {
  it("creates widget users through the client with the request's deadline", async () => {
    const seen: Array<{ id: string; scope: CallScope }> = [];
    const client = {
      async getOrCreateWidgetUser(input: { id: string }, scope: CallScope) {
        seen.push({ id: input.id, scope });
        return { kind: 'invalid' as const, problems: [] };
      },
    } as unknown as JelouClient;
    const scope = within(1_000);
    const session = new JelouSession(client, scope);
    await expect(session.createWidgetUser({ id: 'a', names: 'A' })).resolves.toEqual({ kind: 'invalid', problems: [] });
    expect(seen).toEqual([{ id: 'a', scope }]);
  });
});
