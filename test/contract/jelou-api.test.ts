import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'undici';
import type { FaultEffect } from '../../src/simulators/faults.js';
import { SEED_BOT_ID, SEED_DELETED_BOT_ID, SEED_DISABLED_BOT_ID, SEED_USERS } from '../../src/simulators/jelou/seed.js';
import { jelouFailureBody, startJelouSimulator, type JelouSimulator } from '../../src/simulators/jelou/server.js';

/**
 * Jelou's `POST /v1/widget/user` as documented (shared/upstreams/jelou.md and the seed page), asserted
 * over plain HTTP against the simulator: it must answer the documented envelopes and reject what the
 * platform rejects, or the client's contract tests would prove nothing.
 */

const PATH = '/v1/widget/user';
const NOW = Date.parse('2024-03-13T15:00:00.000Z');
const USER_KEYS = ['botId', 'companyId', 'createdAt', 'databaseId', 'groupId', 'groupRoomId', 'id', 'names', 'providerId', 'referenceId', 'roomId', 'socketId', 'updatedAt'];
const ROOM_KEYS = ['__v', '_id', 'avatarUrl', 'bot', 'channel', 'channelProvider', 'company', 'createdAt', 'deleted', 'id', 'kind', 'lastMessageAt', 'members', 'membersInfo', 'messages', 'name', 'tags', 'type', 'updatedAt'];
const ERROR_KEYS = ['clientMessages', 'code', 'description', 'developerMessages', 'key'];

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw JSON under test
}

interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT';
  path?: string;
  /** Authorization header; null sends none. Defaults to Basic with the simulator's credentials. */
  authorization?: string | null;
  json?: unknown;
  rawBody?: string;
  contentType?: string;
}

describe('Jelou widget user API (simulator)', () => {
  let simulator: JelouSimulator;
  const agent = new Agent({ keepAliveTimeout: 1_000 });
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

  async function call(options: CallOptions = {}): Promise<Answer> {
    const { clientId, clientSecret } = simulator.credentials;
    const authorization = options.authorization === undefined ? basic(clientId, clientSecret) : options.authorization;
    const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
    if (authorization !== null) headers.authorization = authorization;
    const answer = await request(`${simulator.url}${options.path ?? PATH}`, {
      dispatcher: agent,
      method: options.method ?? 'POST',
      headers,
      body: options.rawBody ?? (options.json === undefined ? null : JSON.stringify(options.json)),
    });
    const text = await answer.body.text();
    return { status: answer.statusCode, headers: answer.headers, body: text === '' ? {} : JSON.parse(text) };
  }

  function expectFailure(answer: Answer, status: number, code: string): void {
    expect(answer.status).toBe(status);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.body).toMatchObject({ statusMessage: 'failed', status: 0, message: [expect.any(String)] });
    expect(Object.keys(answer.body.error).sort()).toEqual(ERROR_KEYS);
    expect(answer.body.error.code).toBe(code);
    expect(Object.keys(answer.body.error.clientMessages).sort()).toEqual(['en', 'es']);
  }

  beforeEach(async () => {
    simulator = await startJelouSimulator({ host: '127.0.0.1', port: 0, now: () => NOW });
  });
  afterEach(() => simulator.close());
  afterAll(() => agent.close());

  describe('get or create', () => {
    it('answers the documented success envelope with every documented field', async () => {
      const answer = await call({ json: { user: { id: '11111111111', names: 'Tester #1111', legalId: '1223334444' } } });
      expect(answer.status).toBe(200);
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(answer.body).toMatchObject({ message: ['User created successfully!'], statusMessage: 'success', status: 1 });
      expect(Object.keys(answer.body.data).sort()).toEqual(['Room', 'User', 'groupRoom']);
      const { User: user, Room: room, groupRoom } = answer.body.data;
      expect(Object.keys(user).sort()).toEqual(USER_KEYS);
      expect(user).toMatchObject({ id: '11111111111', referenceId: '11111111111', botId: SEED_BOT_ID, names: 'Tester #1111' });
      expect([typeof user.companyId, typeof user.databaseId]).toEqual(['number', 'number']);
      expect(user.createdAt).toBe(new Date(NOW).toISOString());
      for (const each of [room, groupRoom]) {
        expect(Object.keys(each).sort()).toEqual(ROOM_KEYS);
        expect(each).toMatchObject({ channel: 'Widget', channelProvider: 'Widget', deleted: false, messages: [], tags: [], __v: 0 });
        expect(each.members).toContain('11111111111');
        expect(each._id).toMatch(/^[0-9a-f]{24}$/);
      }
      expect(room.id).toBe(`G:${SEED_BOT_ID}:11111111111`);
      expect(user.roomId).toBe(room.id);
      expect(user.groupRoomId).toBe(groupRoom.id);
      expect(groupRoom.id).not.toBe(room.id);
    });

    it('answers the same user and rooms for the same id, keeping the first names', async () => {
      const first = await call({ json: { user: { id: 'same', names: 'First' } } });
      const second = await call({ json: { user: { id: 'same', names: 'Second', legalId: 42 } } });
      expect(second.body).toEqual(first.body);
      expect(second.body.data.User.names).toBe('First');
      expect(simulator.log.list().map((entry) => [entry.method, entry.path, entry.status])).toEqual([
        ['POST', PATH, 200],
        ['POST', PATH, 200],
      ]);
    });

    it('serves seeded users, with timestamps from its clock, identically on every start', async () => {
      const seeded = SEED_USERS[1] as (typeof SEED_USERS)[number];
      const answer = await call({ json: { user: { id: seeded.referenceId, names: 'ignored' } } });
      expect(answer.body.data.User.names).toBe(seeded.names);
      expect(answer.body.data.User.createdAt).toBe(new Date(NOW - seeded.daysAgo * 86_400_000).toISOString());
      const twin = await startJelouSimulator({ now: () => NOW });
      try {
        const again = await request(`${twin.url}${PATH}`, {
          dispatcher: agent,
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: basic(twin.credentials.clientId, twin.credentials.clientSecret) },
          body: JSON.stringify({ user: { id: seeded.referenceId, names: 'x' } }),
        });
        expect(await again.body.json()).toEqual(answer.body);
        expect(twin.credentials).not.toEqual(simulator.credentials);
      } finally {
        await twin.close();
      }
    });

    it('accepts legalId as a string or a number, null as absent, and ignores the lower-case legalid', async () => {
      for (const legalId of ['0012AB', 1223334444, null]) {
        expect((await call({ json: { user: { id: `legal-${String(legalId)}`, names: 'L', legalId } } })).status).toBe(200);
      }
      expect((await call({ json: { user: { id: 'lower', names: 'L', legalid: { not: 'checked' } } } })).status).toBe(200);
    });
  });

  describe('validation', () => {
    it.each([
      ['no body', undefined, ['user']],
      ['an empty object', {}, ['user']],
      ['user null', { user: null }, ['user']],
      ['user as a string', { user: 'x' }, ['user']],
      ['user as an array', { user: [] }, ['user']],
      ['an array body', [], ['user']],
      ['an empty user', { user: {} }, ['user.id', 'user.names']],
      ['an empty id', { user: { id: '', names: 'n' } }, ['user.id']],
      ['a blank id', { user: { id: '  ', names: 'n' } }, ['user.id']],
      ['a numeric id', { user: { id: 11111111111, names: 'n' } }, ['user.id']],
      ['no names', { user: { id: 'i' } }, ['user.names']],
      ['names as an array', { user: { id: 'i', names: ['a'] } }, ['user.names']],
      ['legalId as a boolean', { user: { id: 'i', names: 'n', legalId: true } }, ['user.legalId']],
      ['legalId as an object', { user: { id: 'i', names: 'n', legalId: { v: 1 } } }, ['user.legalId']],
    ])('refuses %s with 422 VALIDATOR_ERROR naming the fields', async (_name, json, fields) => {
      const answer = await call({ json });
      expectFailure(answer, 422, 'E0422');
      expect(answer.body.error.key).toBe('VALIDATOR_ERROR');
      expect(Object.keys(answer.body.validationError).sort()).toEqual(fields);
      for (const messages of Object.values(answer.body.validationError)) expect(messages).toEqual([expect.any(String)]);
      expect(simulator.state.user(SEED_BOT_ID, 'i')).toBeUndefined();
    });

    it('reads a body sent without a JSON content type as empty, so user is missing', async () => {
      const answer = await call({ rawBody: JSON.stringify({ user: { id: 'i', names: 'n' } }), contentType: 'text/plain' });
      expectFailure(answer, 422, 'E0422');
      expect(Object.keys(answer.body.validationError)).toEqual(['user']);
    });

    it.each([['{"user": {'], ['"just a string"'], ['42']])('refuses the malformed JSON body %s with 400', async (rawBody) => {
      expectFailure(await call({ rawBody }), 400, 'bad_request');
    });

    it('refuses a body over 1 MiB with 413', async () => {
      const rawBody = JSON.stringify({ user: { id: 'big', names: 'x'.repeat(1024 * 1024) } });
      expectFailure(await call({ rawBody }), 413, 'payload_too_large');
    });
  });

  describe('authentication', () => {
    it.each([
      ['no Authorization header', null],
      ['a wrong secret', 'WRONG'],
      ['an unknown client id', 'UNKNOWN'],
      ['a Basic header that is not base64 of id:secret', 'Basic bm90LWEtcGFpcg=='],
      ['an empty secret', 'EMPTY'],
    ])('answers 401 unauthorized for %s, before validating the body', async (_name, kind) => {
      const { clientId } = simulator.credentials;
      const authorization =
        kind === 'WRONG' ? basic(clientId, 'wrong') : kind === 'UNKNOWN' ? basic('nobody', 'x') : kind === 'EMPTY' ? `${clientId}:` : kind;
      expectFailure(await call({ authorization, json: {} }), 401, 'unauthorized');
    });

    it('accepts the raw clientId:clientSecret form by default', async () => {
      const { clientId, clientSecret } = simulator.credentials;
      expect((await call({ authorization: `${clientId}:${clientSecret}`, json: { user: { id: 'r', names: 'R' } } })).status).toBe(200);
    });

    it.each([
      [['basic'] as const, 'raw'],
      [['raw'] as const, 'basic'],
    ])('refuses the form it was not configured to accept (accepting %j, sent %s)', async (accepted, sent) => {
      await simulator.close();
      simulator = await startJelouSimulator({ acceptedAuthSchemes: [...accepted], credentials: { clientId: 'cid', clientSecret: 's:e:c' } });
      const authorization = sent === 'raw' ? 'cid:s:e:c' : basic('cid', 's:e:c');
      expectFailure(await call({ authorization, json: { user: { id: 'a', names: 'A' } } }), 401, 'unauthorized');
      const other = sent === 'raw' ? basic('cid', 's:e:c') : 'cid:s:e:c';
      expect((await call({ authorization: other, json: { user: { id: 'a', names: 'A' } } })).status).toBe(200);
    });

    it.each([
      ['disabled', 403, 'forbidden_bot', SEED_DISABLED_BOT_ID],
      ['deleted', 404, 'bot_not_found', SEED_DELETED_BOT_ID],
    ])('answers the credentials of a %s bot with %i %s', async (_name, status, code, botId) => {
      const { clientId, clientSecret } = simulator.issueCredentials(botId);
      expectFailure(await call({ authorization: basic(clientId, clientSecret), json: { user: { id: 'a', names: 'A' } } }), status, code);
    });
  });

  describe('routing', () => {
    it.each([['/v1/widget/users'], ['/v1/widget'], ['/'], ['/api/v1/widget/user']])('answers 404 for the unknown path %s', async (path) => {
      expectFailure(await call({ path, json: {} }), 404, 'not_found');
    });

    it.each(['GET', 'PUT'] as const)('answers 405 with Allow: POST for %s', async (method) => {
      const answer = await call({ method, json: method === 'GET' ? undefined : {} });
      expectFailure(answer, 405, 'method_not_allowed');
      expect(answer.headers.allow).toBe('POST');
    });

    it('records every request with its method, path and status', async () => {
      await call({ json: { user: { id: 'a', names: 'A' } } });
      await call({ path: '/nope?x=1' });
      await call({ authorization: null });
      expect(simulator.log.list().map(({ method, path, status }) => ({ method, path, status }))).toEqual([
        { method: 'POST', path: PATH, status: 200 },
        { method: 'POST', path: '/nope', status: 404 },
        { method: 'POST', path: PATH, status: 401 },
      ]);
      expect(simulator.log.list()[1]?.query.get('x')).toBe('1');
    });
  });

  describe('injected faults', () => {
    const once = (effect: FaultEffect) => simulator.faults.add({ method: 'POST', path: PATH, times: 1, effect });

    it('answers HTTP 200 with status 0 (the quirk), with or without an error object', async () => {
      once({ kind: 'status', status: 200, body: jelouFailureBody() });
      const bare = await call({ json: { user: { id: 'a', names: 'A' } } });
      expect(bare.status).toBe(200);
      expect(bare.body).toEqual({ message: [expect.any(String)], statusMessage: 'failed', status: 0 });
      once({ kind: 'status', status: 200, body: jelouFailureBody('forbidden_bot') });
      expectFailure(await call({ json: { user: { id: 'a', names: 'A' } } }), 200, 'forbidden_bot');
    });

    it.each([
      [500, 'internal_server_error'],
      [503, 'internal_server_error'],
      [403, 'forbidden_bot'],
      [404, 'bot_not_found'],
      [429, 'too_many_requests'],
    ])('answers %d with its %s envelope for the next calls only, then serves again', async (status, code) => {
      simulator.faults.add({ method: 'POST', path: PATH, times: 2, effect: { kind: 'status', status } });
      for (let i = 0; i < 2; i += 1) expectFailure(await call({ json: { user: { id: 'a', names: 'A' } } }), status, code);
      expect((await call({ json: { user: { id: 'a', names: 'A' } } })).status).toBe(200);
      expect(simulator.log.list().map((entry) => entry.status)).toEqual([status, status, 200]);
    });

    it('sends Retry-After in seconds with a 429', async () => {
      once({ kind: 'status', status: 429, retryAfterSeconds: 9 });
      expect((await call({ json: {} })).headers['retry-after']).toBe('9');
    });

    it('answers a 422 naming fields, as for a rule the gateway does not check itself', async () => {
      const validationError = { 'user.legalId': ['The user.legalId format is invalid.'] };
      once({ kind: 'status', status: 422, body: jelouFailureBody('validation', { validationError }) });
      const answer = await call({ json: { user: { id: 'a', names: 'A', legalId: '1' } } });
      expectFailure(answer, 422, 'E0422');
      expect(answer.body.validationError).toEqual(validationError);
    });
  });
});
