import { MockAgent } from 'undici';
import { RESILIENCE_DEFAULTS } from '../../src/config/index';
import { createLogger } from '../../src/logger';
import { DEFAULT_IMI_HEADER_NAMES, createImiClient, imiQuotaOf, type ImiClient } from '../../src/platforms/imi';
import { within } from '../support/scope';

/** How the IMI client reports the daily quota IMI sends on every answer (`searchUsersPage`). */

const ORIGIN = 'https://tenant.imi.example';
const envelope = (statusCode: number, response: unknown) => JSON.stringify({ status_code: statusCode, description: 'd', response });

describe('IMI quota', () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  function client(): ImiClient {
    const connection = { url: new URL(ORIGIN), teamId: '101', auth: { kind: 'access-token' as const, accessToken: 't' }, headerNames: DEFAULT_IMI_HEADER_NAMES, dispatcher: agent };
    return createImiClient(connection, createLogger('silent'), RESILIENCE_DEFAULTS);
  }

  it('reads Rate-Limit-Remaining and Rate-Limit-Limit into the search page, and searchUsers still answers the users alone', async () => {
    const headers = { 'content-type': 'application/json', 'rate-limit-limit': '10000', 'rate-limit-remaining': '1234', 'rate-limit-reset': '3600' };
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: '/v3.1/users/search?page=1', method: 'POST' }).reply(200, envelope(4307, { users: [{ id: 7, first_name: 'Ana' }] }), { headers });
    pool.intercept({ path: '/v3.1/users/search?page=2', method: 'POST' }).reply(200, envelope(4307, { users: [] }), { headers });
    const page = await client().searchUsersPage({}, 1, within(2_000));
    expect(page.quota).toEqual({ remaining: 1234, limit: 10_000 });
    expect(page.users.map((user) => user.id)).toEqual(['7']);
    expect(await client().searchUsers({}, 2, within(2_000))).toEqual([]);
  });

  it('reports no quota when the answer carries none, or an unreadable one', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: '/v3.1/users/search?page=1', method: 'POST' })
      .reply(200, envelope(4307, { users: [] }), { headers: { 'content-type': 'application/json' } });
    expect((await client().searchUsersPage({}, 1, within(2_000))).quota).toBeUndefined();
    expect(imiQuotaOf({ 'rate-limit-remaining': 'lots' })).toBeUndefined();
    expect(imiQuotaOf({ 'rate-limit-remaining': ' 0 ' })).toEqual({ remaining: 0, limit: undefined });
  });
});
