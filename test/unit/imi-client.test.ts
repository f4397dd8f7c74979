import { MockAgent } from 'undici';
import type { NewCustomerCareUser } from '../../src/platforms/imi/models';
import { ErrorCode } from '../../src/errors';
import { DEFAULT_IMI_HEADER_NAMES, createImiClient, type ImiAuth, type ImiClient } from '../../src/platforms/imi';
import { capturingLogger } from '../support/logger';
import { rejectionOf } from '../support/errors';
import { RESILIENCE_DEFAULTS } from '../../src/config/index';
import { within } from '../support/scope';

const ORIGIN = 'https://tenant.imi.example';
const STATIC_TOKEN = 'static-token-never-logged';
const API_KEY = 'api-key-never-logged';
const PASSWORD = 'Pa55word-never-logged';
const USER = { id: 42, first_name: 'Ana', status: 'active', role_type: 'Customer Care' };
const NEW_USER: NewCustomerCareUser = {
  firstName: 'Ana',
  lastName: 'Acosta',
  loginId: 'ana',
  email: 'ana@example.com',
  password: PASSWORD,
  loginUsingEmail: false,
  privileges: [{ teamId: '101', role: 'TEAM_AGENT' }],
};
const envelope = (status_code: number, response: unknown = null) => JSON.stringify({ status_code, description: 'd', response });
const json = { headers: { 'content-type': 'application/json' } };

describe('ImiClient (undici MockAgent, no network)', () => {
  let agent: MockAgent;
  let logs: string[];
  const deadline = () => within(2_000);

  function client(auth: ImiAuth = { kind: 'access-token', accessToken: STATIC_TOKEN }): ImiClient {
    const captured = capturingLogger();
    logs = captured.lines;
    const connection = { url: new URL(`${ORIGIN}/base`), teamId: '101', auth, headerNames: DEFAULT_IMI_HEADER_NAMES, dispatcher: agent };
    return createImiClient(connection, captured.logger, RESILIENCE_DEFAULTS);
  }

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  const pool = () => agent.get(ORIGIN);
  const authorizeReplies = (...tokens: string[]) => {
    for (const token of tokens) {
      pool()
        .intercept({ path: '/base/v3.1/authorize', method: 'GET', headers: { key: Buffer.from(`${API_KEY}@acme`).toString('base64') } })
        .reply(200, envelope(2000), { headers: { access_token: token } });
    }
  };

  it('sends the token and team headers under the base path', async () => {
    pool()
      .intercept({ path: '/base/v3.1/users/42', method: 'GET', headers: { access_token: STATIC_TOKEN, teamid: '101' } })
      .reply(200, envelope(4306, USER), json);
    await expect(client().getUser('42', deadline())).resolves.toMatchObject({ id: '42', firstName: 'Ana', status: 'ACTIVE' });
  });

  it('answers ids that cannot be IMI ids with null and no call', async () => {
    const imi = client();
    for (const id of ['abc', '', '..', '1/2', '-1', '1234567890123456789']) await expect(imi.getUser(id, deadline())).resolves.toBeNull();
  });

  it('searches with the page in the query and the body of toSearchBody', async () => {
    pool()
      .intercept({ path: '/base/v3.1/users/search?page=3', method: 'POST', body: JSON.stringify({ filters: { status: { eq: 'active' } } }) })
      .reply(200, envelope(4307, { users: [{ id: '1' }, { id: 2 }] }), json);
    const users = await client().searchUsers({ status: 'ACTIVE' }, 3, deadline());
    expect(users.map((user) => [user.id, user.details])).toEqual([
      ['1', null],
      ['2', null],
    ]);
  });

  it('refuses a page below 1 with BAD_USER_INPUT and no call', async () => {
    expect((await rejectionOf(client().searchUsers({}, 0, deadline()))).code).toBe(ErrorCode.BAD_USER_INPUT);
  });

  it('maps a user without an id to UPSTREAM_BAD_RESPONSE', async () => {
    pool().intercept({ path: '/base/v3.1/users/42', method: 'GET' }).reply(200, envelope(4306, { first_name: 'x' }), json);
    expect((await rejectionOf(client().getUser('42', deadline()))).code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
  });

  it('reads 3114 on create as a BODY_MISSING rejection', async () => {
    pool().intercept({ path: '/base/v3.1/users', method: 'POST' }).reply(400, envelope(3114), json);
    await expect(client().createUser(NEW_USER, deadline())).resolves.toEqual({ kind: 'rejected', rejection: { reason: 'BODY_MISSING' } });
  });

  it('renews the token once and repeats a create that IMI refused for an expired token', async () => {
    const imi = client({ kind: 'api-key', apiKey: API_KEY, domain: 'acme' });
    authorizeReplies('minted-1', 'minted-2');
    pool().intercept({ path: '/base/v3.1/users', method: 'POST', headers: { access_token: 'minted-1' } }).reply(401, envelope(2004), json);
    pool().intercept({ path: '/base/v3.1/users', method: 'POST', headers: { access_token: 'minted-2' } }).reply(200, envelope(4308, USER), json);
    await expect(imi.createUser(NEW_USER, deadline())).resolves.toMatchObject({ kind: 'created', user: { id: '42' } });
  });

  it('renews the token and repeats a create refused for an invalid token (2003), since IMI did not act', async () => {
    const imi = client({ kind: 'api-key', apiKey: API_KEY, domain: 'acme' });
    authorizeReplies('minted-1', 'minted-2');
    pool().intercept({ path: '/base/v3.1/users', method: 'POST' }).reply(400, envelope(2003), json);
    pool().intercept({ path: '/base/v3.1/users', method: 'POST' }).reply(200, envelope(4308, USER), json);
    expect((await imi.createUser(NEW_USER, deadline())).kind).toBe('created');
  });

  it('neither renews the token nor repeats a call refused for a missing header (2002): new tokens cannot cure it', async () => {
    const imi = client({ kind: 'api-key', apiKey: API_KEY, domain: 'acme' });
    authorizeReplies('minted-1');
    pool().intercept({ path: '/base/v3.1/users/42', method: 'GET' }).reply(400, envelope(2002), json);
    expect((await rejectionOf(imi.getUser('42', deadline()))).code).toBe(ErrorCode.UPSTREAM_UNAUTHORIZED);
    // MockAgent fails the test on unused or missing interceptors: one authorize, one call, nothing more.
  });

  it('reports a 4308 whose user cannot be read as UPSTREAM_OUTCOME_UNKNOWN: IMI did create it', async () => {
    pool().intercept({ path: '/base/v3.1/users', method: 'POST' }).reply(200, envelope(4308, { first_name: 'no id' }), json);
    expect((await rejectionOf(client().createUser(NEW_USER, deadline()))).code).toBe(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN);
  });

  it('gives up with UPSTREAM_UNAUTHORIZED when the renewed token is refused too', async () => {
    const imi = client({ kind: 'api-key', apiKey: API_KEY, domain: 'acme' });
    authorizeReplies('minted-1', 'minted-2');
    pool().intercept({ path: '/base/v3.1/users/42', method: 'GET' }).reply(400, envelope(2003), json).times(2);
    expect((await rejectionOf(imi.getUser('42', deadline()))).code).toBe(ErrorCode.UPSTREAM_UNAUTHORIZED);
  });

  it('reports a create whose answer never came as UPSTREAM_OUTCOME_UNKNOWN, without repeating it', async () => {
    pool().intercept({ path: '/base/v3.1/users', method: 'POST' }).reply(200, envelope(4308, USER), json).delay(500);
    const error = await rejectionOf(client().createUser(NEW_USER, within(50)));
    expect(error.code).toBe(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN);
  });

  it('maps a create whose connection broke after sending to UPSTREAM_OUTCOME_UNKNOWN', async () => {
    pool()
      .intercept({ path: '/base/v3.1/users', method: 'POST' })
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'UND_ERR_SOCKET' }));
    expect((await rejectionOf(client().createUser(NEW_USER, deadline()))).code).toBe(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN);
  });

  it('maps a refused connection on a read to UPSTREAM_UNAVAILABLE', async () => {
    pool()
      .intercept({ path: '/base/v3.1/users/42', method: 'GET' })
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    expect((await rejectionOf(client().getUser('42', deadline()))).code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
  });

  it('maps an authorize answer without a token to UPSTREAM_BAD_RESPONSE', async () => {
    pool().intercept({ path: '/base/v3.1/authorize', method: 'GET' }).reply(200, envelope(2000), json);
    const imi = client({ kind: 'api-key', apiKey: API_KEY, domain: 'acme' });
    expect((await rejectionOf(imi.getUser('42', deadline()))).code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
  });

  it('never logs or throws the password, the token or the API key', async () => {
    const imi = client({ kind: 'api-key', apiKey: API_KEY, domain: 'acme' });
    authorizeReplies('minted-1');
    pool().intercept({ path: '/base/v3.1/users', method: 'POST' }).reply(400, envelope(3115), json);
    pool().intercept({ path: '/base/v3.1/users', method: 'POST' }).reply(500, envelope(2007), json);
    await imi.createUser(NEW_USER, deadline());
    const error = await rejectionOf(imi.createUser(NEW_USER, deadline()));
    const seen = `${logs.join('\n')} ${error.message} ${JSON.stringify(error)} ${String(error.cause)}`;
    for (const secret of [PASSWORD, API_KEY, Buffer.from(`${API_KEY}@acme`).toString('base64'), 'minted-1']) {
      expect(seen).not.toContain(secret);
    }
    expect(logs.join('\n')).toContain('"route":"POST /users"');
  });
});
